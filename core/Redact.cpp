#include "Redact.h"

#include <QRegularExpression>

namespace camhub {

QString redactCredentials(const QString &text)
{
    // scheme://userinfo@ -- userinfo may hold anything but '/', '@' and whitespace;
    // a password with '@' in it is matched up to the last '@' before the host.
    static const QRegularExpression re(QStringLiteral(R"(([A-Za-z][A-Za-z0-9+.\-]*://)[^/\s]*@)"));
    QString out = text;
    out.replace(re, QStringLiteral("\\1***@"));
    return out;
}

bool hasCredentials(const QString &url)
{
    return redactCredentials(url) != url;
}

} // namespace camhub
