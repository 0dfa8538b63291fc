#include "StreamId.h"

#include <QRegularExpression>

namespace camhub::StreamId {

bool isValidCameraId(const QString &id)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$"));
    return re.match(id).hasMatch();
}

QString sanitizeToken(const QString &token)
{
    QString out;
    out.reserve(token.size());
    for (const QChar c : token) {
        const bool ok = (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') ||
                        (c >= u'0' && c <= u'9') || c == u'_' || c == u'-' || c == u'.';
        out.append(ok ? c : u'-');
    }
    // A token of dots only would make "." or ".." path segments after the prefix; harmless,
    // but keep ids readable.
    if (out.isEmpty() || out.count(u'.') == out.size())
        out = QStringLiteral("profile");
    return out;
}

QString make(const QString &cameraId, const QString &profileToken)
{
    return cameraId + u'_' + sanitizeToken(profileToken);
}

bool isWellFormed(const QString &streamId)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9_.-]{0,160}$"));
    return re.match(streamId).hasMatch();
}

} // namespace camhub::StreamId
