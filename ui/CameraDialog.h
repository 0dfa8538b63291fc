#pragma once

#include "Camera.h"

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QStackedWidget;

namespace camhub {

class CameraRegistry;

// Add or edit a camera: an ONVIF device (address + user + password, profiles read
// from the device) or a plain RTSP URL. Reading the device runs in the background
// with its progress shown; errors ("Wrong username or password", "Device did not
// answer in 5 s") appear in the dialog, which stays open to fix them.
class CameraDialog final : public QDialog
{
    Q_OBJECT

public:
    // existing: the camera to edit, or null to add one.
    CameraDialog(CameraRegistry &registry, const Camera *existing = nullptr,
                 QWidget *parent = nullptr);

    void setOnvifAddress(const QString &xaddr, const QString &name);
    QString savedCameraId() const { return m_savedId; }

    void accept() override;

private:
    void discover();
    void save(Camera camera);
    void setBusy(bool busy, const QString &message = {});

    CameraRegistry &m_registry;
    QString m_existingId;
    QString m_savedId;
    QLineEdit *m_name;
    QComboBox *m_kind;
    QStackedWidget *m_pages;
    QLineEdit *m_xaddr;
    QLineEdit *m_url;
    QLineEdit *m_user;
    QLineEdit *m_password;
    QLabel *m_status;
    QDialogButtonBox *m_buttons;
};

} // namespace camhub
