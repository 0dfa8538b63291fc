#include "SecretStore.h"

#include "Log.h"

#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QTimer>

#ifdef CAMHUB_HAVE_KEYCHAIN
#include <qt6keychain/keychain.h>
#endif

namespace camhub {

QJsonObject FileSecretStore::loadAll() const
{
    QFile f(m_path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

bool FileSecretStore::save(const QJsonObject &all, QString *error)
{
    QDir().mkpath(QFileInfo(m_path).absolutePath());
    QSaveFile f(m_path);
    if (!f.open(QIODevice::WriteOnly)) {
        *error = QStringLiteral("cannot write %1: %2").arg(m_path, f.errorString());
        return false;
    }
    // Owner-only before a single secret byte is written.
    f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    f.write(QJsonDocument(all).toJson(QJsonDocument::Compact));
    if (!f.commit()) {
        *error = QStringLiteral("cannot write %1: %2").arg(m_path, f.errorString());
        return false;
    }
    QFile::setPermissions(m_path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    return true;
}

std::optional<QString> FileSecretStore::read(const QString &key)
{
    const QJsonValue v = loadAll().value(key);
    if (!v.isString())
        return std::nullopt;
    return v.toString();
}

bool FileSecretStore::write(const QString &key, const QString &secret, QString *error)
{
    QJsonObject all = loadAll();
    if (all.value(key).toString() == secret && all.contains(key))
        return true;
    all.insert(key, secret);
    return save(all, error);
}

bool FileSecretStore::remove(const QString &key, QString *error)
{
    QJsonObject all = loadAll();
    if (!all.contains(key))
        return true;
    all.remove(key);
    return save(all, error);
}

#ifdef CAMHUB_HAVE_KEYCHAIN
namespace {

constexpr char kService[] = "camhub";

// QtKeychain jobs are asynchronous; these calls are rare (add/edit a camera), so run
// each to completion with a deadline.
template <typename Job> bool runJob(Job &job, QString *error, int timeoutMs = 5000)
{
    QEventLoop loop;
    QTimer timer;
    timer.setSingleShot(true);
    QObject::connect(&job, &QKeychain::Job::finished, &loop, &QEventLoop::quit);
    QObject::connect(&timer, &QTimer::timeout, &loop, &QEventLoop::quit);
    job.setAutoDelete(false);
    job.start();
    timer.start(timeoutMs);
    loop.exec(QEventLoop::ExcludeUserInputEvents);
    if (timer.isActive() && job.error() == QKeychain::NoError)
        return true;
    if (error)
        *error =
            timer.isActive() ? job.errorString() : QStringLiteral("the keychain did not answer");
    return false;
}

class KeychainSecretStore final : public SecretStore
{
public:
    std::optional<QString> read(const QString &key) override
    {
        QKeychain::ReadPasswordJob job(QString::fromLatin1(kService));
        job.setKey(key);
        if (!runJob(job, nullptr))
            return std::nullopt;
        return job.textData();
    }
    bool write(const QString &key, const QString &secret, QString *error) override
    {
        QKeychain::WritePasswordJob job(QString::fromLatin1(kService));
        job.setKey(key);
        job.setTextData(secret);
        return runJob(job, error);
    }
    bool remove(const QString &key, QString *error) override
    {
        QKeychain::DeletePasswordJob job(QString::fromLatin1(kService));
        job.setKey(key);
        QString e;
        if (runJob(job, &e))
            return true;
        *error = e;
        return false;
    }
    QString describe() const override { return QStringLiteral("the system keychain"); }
};

} // namespace
#endif

std::unique_ptr<SecretStore> SecretStore::create(const QString &configDir, bool tryKeychain)
{
#ifdef CAMHUB_HAVE_KEYCHAIN
#ifdef Q_OS_LINUX
    // Without a session bus there is no Secret Service to ask (headless, CI).
    tryKeychain = tryKeychain && !qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS");
#endif
    if (tryKeychain) {
        auto keychain = std::make_unique<KeychainSecretStore>();
        QString error;
        // A probe write proves the keychain is there and unlocked.
        if (keychain->write(QStringLiteral("camhub-probe"), QStringLiteral("ok"), &error)) {
            keychain->remove(QStringLiteral("camhub-probe"), &error);
            return keychain;
        }
        qCInfo(lcConfig).noquote()
            << "keychain unavailable (" << error << "): camera passwords go to a private file";
    }
#else
    Q_UNUSED(tryKeychain)
#endif
    return std::make_unique<FileSecretStore>(configDir + QStringLiteral("/secrets.json"));
}

} // namespace camhub
