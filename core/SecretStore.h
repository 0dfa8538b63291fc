#pragma once

#include <QJsonObject>
#include <QString>
#include <memory>
#include <optional>

namespace camhub {

// Where camera passwords live: the OS keychain when there is one, else a file only
// its owner can read. Keys are camera ids.
class SecretStore
{
public:
    virtual ~SecretStore() = default;
    virtual std::optional<QString> read(const QString &key) = 0;
    virtual bool write(const QString &key, const QString &secret, QString *error) = 0;
    virtual bool remove(const QString &key, QString *error) = 0;
    virtual QString describe() const = 0; // for the log: "file ...", "keychain"

    // The keychain if it answers (GUI sessions), else secrets.json next to the config.
    static std::unique_ptr<SecretStore> create(const QString &configDir, bool tryKeychain);
};

// {"<camera id>": "<password>"} in a 0600 file, written atomically.
class FileSecretStore final : public SecretStore
{
public:
    explicit FileSecretStore(QString path) : m_path(std::move(path)) {}
    std::optional<QString> read(const QString &key) override;
    bool write(const QString &key, const QString &secret, QString *error) override;
    bool remove(const QString &key, QString *error) override;
    QString describe() const override { return QStringLiteral("file ") + m_path; }

private:
    bool save(const QJsonObject &all, QString *error);
    QJsonObject loadAll() const;
    QString m_path;
};

} // namespace camhub
