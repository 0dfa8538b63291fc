#include "XmlElement.h"

#include <QXmlStreamReader>

namespace camhub {

const XmlElement *XmlElement::child(QStringView localName) const
{
    for (const auto &c : children)
        if (c->name == localName)
            return c.get();
    return nullptr;
}

QList<const XmlElement *> XmlElement::childrenNamed(QStringView localName) const
{
    QList<const XmlElement *> out;
    for (const auto &c : children)
        if (c->name == localName)
            out.append(c.get());
    return out;
}

const XmlElement *XmlElement::find(QStringView localName) const
{
    if (name == localName)
        return this;
    for (const auto &c : children)
        if (const XmlElement *e = c->find(localName))
            return e;
    return nullptr;
}

QList<const XmlElement *> XmlElement::findAll(QStringView localName) const
{
    QList<const XmlElement *> out;
    if (name == localName)
        out.append(this);
    for (const auto &c : children)
        out.append(c->findAll(localName));
    return out;
}

QString XmlElement::childText(QStringView localName) const
{
    const XmlElement *c = child(localName);
    return c ? c->text : QString();
}

std::optional<XmlElement> XmlElement::parse(const QByteArray &xml, QString *error)
{
    QXmlStreamReader reader(xml);
    // Entity expansion stays off (no DTDs in SOAP): nothing a device sends can blow up.
    std::vector<XmlElement *> stack;
    std::optional<XmlElement> root;
    constexpr int kMaxDepth = 64;
    while (!reader.atEnd()) {
        reader.readNext();
        if (reader.isDTD()) {
            if (error)
                *error = QStringLiteral("DTDs are not allowed");
            return std::nullopt;
        }
        if (reader.isStartElement()) {
            if (int(stack.size()) >= kMaxDepth) {
                if (error)
                    *error = QStringLiteral("XML nested too deeply");
                return std::nullopt;
            }
            XmlElement *e;
            if (stack.empty()) {
                root.emplace();
                e = &*root;
            } else {
                auto c = std::make_shared<XmlElement>();
                e = c.get();
                stack.back()->children.append(std::move(c));
            }
            e->ns = reader.namespaceUri().toString();
            e->name = reader.name().toString();
            for (const QXmlStreamAttribute &a : reader.attributes())
                e->attributes.insert(a.name().toString(), a.value().toString());
            stack.push_back(e);
        } else if (reader.isCharacters() && !stack.empty()) {
            stack.back()->text += reader.text();
        } else if (reader.isEndElement() && !stack.empty()) {
            stack.back()->text = stack.back()->text.trimmed();
            stack.pop_back();
        }
    }
    if (reader.hasError() || !root) {
        if (error)
            *error = reader.hasError() ? reader.errorString() : QStringLiteral("empty document");
        return std::nullopt;
    }
    return root;
}

} // namespace camhub
