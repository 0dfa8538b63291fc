#include "ShareDialog.h"

#include "AccessControl.h"
#include "AppSettings.h"
#include "HttpService.h"
#include "QrCode.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkInterface>
#include <QPushButton>
#include <QVBoxLayout>

namespace camhub {

ShareDialog::ShareDialog(HttpService &http, AccessControl &access, QWidget *parent)
    : QDialog(parent), m_http(http), m_access(access),
      m_share(new QCheckBox(tr("Share on LAN: let other devices on this network watch"), this)),
      m_url(new QLineEdit(this)), m_qr(new QLabel(this)), m_note(new QLabel(this))
{
    setObjectName(QStringLiteral("shareDialog"));
    setWindowTitle(tr("Share on LAN"));
    m_share->setObjectName(QStringLiteral("shareOnLan"));
    m_share->setChecked(!AccessControl::isLoopback(http.address()));
    m_url->setObjectName(QStringLiteral("shareUrl"));
    m_url->setReadOnly(true);
    m_qr->setAlignment(Qt::AlignCenter);
    m_qr->setMinimumSize(220, 220);
    m_note->setWordWrap(true);

    auto *copy = new QPushButton(tr("Copy link"), this);
    connect(copy, &QPushButton::clicked, this,
            [this] { QGuiApplication::clipboard()->setText(m_url->text()); });
    auto *regenerate = new QPushButton(tr("New access token"), this);
    regenerate->setToolTip(tr("Links shared before stop working"));
    connect(regenerate, &QPushButton::clicked, this, &ShareDialog::regenerateToken);
    connect(m_share, &QCheckBox::toggled, this, &ShareDialog::setShared);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(copy);
    buttons->addWidget(regenerate);
    buttons->addStretch();
    auto *close = new QPushButton(tr("Close"), this);
    connect(close, &QPushButton::clicked, this, &QDialog::accept);
    buttons->addWidget(close);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_share);
    layout->addWidget(m_url);
    layout->addWidget(m_qr, 1);
    layout->addWidget(m_note);
    layout->addLayout(buttons);
    refresh();
}

QString ShareDialog::lanAddress()
{
    for (const QNetworkInterface &i : QNetworkInterface::allInterfaces()) {
        const auto flags = i.flags();
        if (!(flags & QNetworkInterface::IsUp) || !(flags & QNetworkInterface::IsRunning) ||
            (flags & QNetworkInterface::IsLoopBack))
            continue;
        for (const QNetworkAddressEntry &e : i.addressEntries())
            if (e.ip().protocol() == QAbstractSocket::IPv4Protocol && !e.ip().isLinkLocal())
                return e.ip().toString();
    }
    return {};
}

QString ShareDialog::shareUrl() const
{
    const QString host = lanAddress();
    if (host.isEmpty())
        return {};
    return QStringLiteral("http://%1:%2/?token=%3")
        .arg(host)
        .arg(m_http.port())
        .arg(QString::fromLatin1(m_access.token()));
}

void ShareDialog::setShared(bool shared)
{
    QString error;
    const QHostAddress address =
        shared ? QHostAddress(QHostAddress::AnyIPv4) : QHostAddress(QHostAddress::LocalHost);
    if (!m_http.rebind(address, &error)) {
        m_note->setText(tr("Could not change the address: %1").arg(error));
        QSignalBlocker block(m_share);
        m_share->setChecked(!shared);
        return;
    }
    AppSettings settings = AppSettings::load();
    settings.bind = address.toString();
    settings.save();
    refresh();
}

void ShareDialog::regenerateToken()
{
    m_access.setToken(AccessControl::generateToken());
    AppSettings settings = AppSettings::load();
    settings.accessToken = m_access.token();
    settings.save();
    refresh();
}

void ShareDialog::refresh()
{
    const bool shared = m_share->isChecked();
    const QString url = shareUrl();
    m_url->setEnabled(shared);
    if (!shared) {
        m_url->setText(tr("Only this computer can watch (127.0.0.1)"));
        m_qr->clear();
        m_note->setText(tr("Turn sharing on to let phones and other computers on this network "
                           "open the viewer. They need the link with its access token."));
        return;
    }
    if (url.isEmpty()) {
        m_url->setText(tr("No network connection found"));
        m_qr->clear();
        return;
    }
    m_url->setText(url);
    m_qr->setPixmap(QPixmap::fromImage(qrCodeImage(url.toUtf8(), 5)));
    m_note->setText(tr("Point a phone's camera at the code, or send the link. Anyone with "
                       "the link can watch and start or stop streams; make a new token to "
                       "revoke it."));
}

} // namespace camhub
