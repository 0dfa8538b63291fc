#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <memory>
#include <optional>

namespace camhub {

// A small namespace-aware XML tree for SOAP answers: devices differ in prefixes
// (tt:, ns2:, ...), so lookups go by local name, with the namespace URI kept for the
// places where it matters (Envelope, Body, Fault).
struct XmlElement
{
    QString ns;                         // namespace URI
    QString name;                       // local name
    QString text;                       // concatenated character data, trimmed
    QHash<QString, QString> attributes; // by local name
    QList<std::shared_ptr<XmlElement>> children;

    const XmlElement *child(QStringView localName) const;
    QList<const XmlElement *> childrenNamed(QStringView localName) const;
    const XmlElement *find(QStringView localName) const; // depth-first, this included
    QList<const XmlElement *> findAll(QStringView localName) const;
    QString childText(QStringView localName) const; // "" when absent
    QString attribute(const QString &localName) const { return attributes.value(localName); }

    // Parses a whole document; nullopt with a reason on malformed XML.
    static std::optional<XmlElement> parse(const QByteArray &xml, QString *error = nullptr);
};

} // namespace camhub
