#include "CameraDialog.h"

#include "CameraRegistry.h"
#include "OnvifCameraReader.h"
#include "WsDiscovery.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace camhub {

CameraDialog::CameraDialog(CameraRegistry &registry, const Camera *existing, QWidget *parent)
    : QDialog(parent), m_registry(registry), m_name(new QLineEdit(this)),
      m_kind(new QComboBox(this)), m_pages(new QStackedWidget(this)), m_xaddr(new QLineEdit(this)),
      m_url(new QLineEdit(this)), m_user(new QLineEdit(this)), m_password(new QLineEdit(this)),
      m_status(new QLabel(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("cameraDialog"));
    setWindowTitle(existing ? tr("Edit camera") : tr("Add camera"));
    setMinimumWidth(480);
    m_name->setObjectName(QStringLiteral("cameraName"));
    m_kind->addItem(tr("ONVIF device"));
    m_kind->addItem(tr("RTSP URL"));
    m_xaddr->setObjectName(QStringLiteral("onvifAddress"));
    m_xaddr->setPlaceholderText(QStringLiteral("http://192.168.1.20/onvif/device_service"));
    m_url->setObjectName(QStringLiteral("rtspUrl"));
    m_url->setPlaceholderText(QStringLiteral("rtsp://192.168.1.20:554/stream1"));
    m_user->setObjectName(QStringLiteral("cameraUser"));
    m_password->setObjectName(QStringLiteral("cameraPassword"));
    m_password->setEchoMode(QLineEdit::Password);
    m_status->setObjectName(QStringLiteral("cameraStatus"));
    m_status->setWordWrap(true);

    auto *onvifPage = new QWidget(this);
    auto *onvifRow = new QHBoxLayout(onvifPage);
    onvifRow->setContentsMargins(0, 0, 0, 0);
    onvifRow->addWidget(m_xaddr, 1);
    auto *discover = new QPushButton(tr("Discover…"), onvifPage);
    discover->setObjectName(QStringLiteral("discoverButton"));
    connect(discover, &QPushButton::clicked, this, &CameraDialog::discover);
    onvifRow->addWidget(discover);
    m_pages->addWidget(onvifPage);
    m_pages->addWidget(m_url);
    connect(m_kind, &QComboBox::currentIndexChanged, m_pages, &QStackedWidget::setCurrentIndex);

    auto *form = new QFormLayout;
    form->addRow(tr("Name:"), m_name);
    form->addRow(tr("Type:"), m_kind);
    form->addRow(tr("Address:"), m_pages);
    form->addRow(tr("User name:"), m_user);
    form->addRow(tr("Password:"), m_password);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &CameraDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_status);
    layout->addWidget(m_buttons);

    if (existing) {
        m_existingId = existing->id;
        m_name->setText(existing->name);
        m_user->setText(existing->username);
        m_password->setPlaceholderText(tr("unchanged"));
        if (existing->isOnvif()) {
            m_kind->setCurrentIndex(0);
            m_xaddr->setText(stripCredentials(existing->onvif.xaddr));
        } else {
            m_kind->setCurrentIndex(1);
            m_url->setText(existing->profiles.value(0).url);
        }
    }
}

void CameraDialog::setOnvifAddress(const QString &xaddr, const QString &name)
{
    m_kind->setCurrentIndex(0);
    m_xaddr->setText(xaddr);
    if (m_name->text().isEmpty())
        m_name->setText(name);
}

void CameraDialog::setBusy(bool busy, const QString &message)
{
    m_buttons->button(QDialogButtonBox::Save)->setEnabled(!busy);
    m_status->setText(message);
}

void CameraDialog::discover()
{
    setBusy(true, tr("Looking for ONVIF cameras on the network…"));
    auto *discovery = new WsDiscovery(this);
    connect(discovery, &WsDiscovery::finished, this,
            [this, discovery](const QList<Onvif::ProbeMatch> &found) {
                discovery->deleteLater();
                setBusy(false);
                if (found.isEmpty()) {
                    m_status->setText(tr("No ONVIF camera answered. Type its address instead."));
                    return;
                }
                QStringList items;
                for (const Onvif::ProbeMatch &m : found)
                    items << QStringLiteral("%1 — %2 (%3)")
                                 .arg(m.name.isEmpty() ? tr("Camera") : m.name, m.hardware,
                                      m.xaddrs.value(0));
                bool ok = false;
                const QString pick = QInputDialog::getItem(this, tr("Cameras found"), tr("Camera:"),
                                                           items, 0, false, &ok);
                if (!ok)
                    return;
                const auto &m = found[items.indexOf(pick)];
                setOnvifAddress(m.xaddrs.value(0), m.name);
            });
    discovery->start();
}

void CameraDialog::accept()
{
    Camera camera;
    camera.name = m_name->text().trimmed();
    camera.username = m_user->text().trimmed();
    camera.password = m_password->text();
    if (camera.name.isEmpty()) {
        m_status->setText(tr("Give the camera a name."));
        return;
    }
    if (!m_existingId.isEmpty() && camera.password.isEmpty()) {
        if (const auto old = m_registry.camera(m_existingId);
            old && old->username == camera.username)
            camera.password = old->password;
    }
    if (m_kind->currentIndex() == 1) {
        camera.profiles.append(CameraProfile{
            QStringLiteral("main"), tr("Main"), m_url->text().trimmed(), {}, {}, {}, 0, 0});
        save(camera);
        return;
    }
    camera.onvif.xaddr = m_xaddr->text().trimmed();
    setBusy(true, tr("Reading the camera's profiles…"));
    auto *reader = new OnvifCameraReader(camera, this);
    connect(reader, &OnvifCameraReader::finished, this,
            [this](bool ok, const Camera &read, const QString &error) {
                setBusy(false);
                if (!ok) {
                    m_status->setText(error);
                    return;
                }
                save(read);
            });
    reader->start();
}

void CameraDialog::save(Camera camera)
{
    const CameraRegistry::Change c =
        m_existingId.isEmpty() ? m_registry.add(camera) : m_registry.update(m_existingId, camera);
    if (!c.ok()) {
        m_status->setText(c.message);
        return;
    }
    m_savedId = c.camera.id;
    QDialog::accept();
}

} // namespace camhub
