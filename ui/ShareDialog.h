#pragma once

#include <QDialog>

class QCheckBox;
class QLabel;
class QLineEdit;

namespace camhub {

class AccessControl;
class HttpService;

// "Share on LAN": opens the hub to other machines (0.0.0.0) or back to this one, and
// shows the LAN address with the access token as text and as a QR code for phones.
class ShareDialog final : public QDialog
{
    Q_OBJECT

public:
    ShareDialog(HttpService &http, AccessControl &access, QWidget *parent = nullptr);

    static QString lanAddress(); // first usable IPv4 of an up, non-loopback interface
    QString shareUrl() const;

private:
    void setShared(bool shared);
    void regenerateToken();
    void refresh();

    HttpService &m_http;
    AccessControl &m_access;
    QCheckBox *m_share;
    QLineEdit *m_url;
    QLabel *m_qr;
    QLabel *m_note;
};

} // namespace camhub
