#include "MediaSource.h"

#include "Camera.h"
#include "DemoSource.h"
#include "LibavSource.h"

namespace camhub {

std::unique_ptr<MediaSource> MediaSource::create(const QString &url, Interrupter &interrupter,
                                                 const SourceOptions &options)
{
    if (url == QLatin1String(kDemoUrl))
        return std::make_unique<DemoSource>(interrupter);
    return std::make_unique<LibavSource>(url, interrupter, options);
}

} // namespace camhub
