#include "PreferencesDialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>

namespace camhub {

PreferencesDialog::PreferencesDialog(const AppSettings &settings, QWidget *parent)
    : QDialog(parent), m_settings(settings), m_port(new QSpinBox(this)),
      m_bind(new QComboBox(this)), m_cleanup(new QSpinBox(this)), m_dataDir(new QLineEdit(this)),
      m_keepServing(new QCheckBox(tr("Keep serving streams when the window is closed"), this))
{
    setWindowTitle(tr("Preferences"));
    m_port->setRange(1, 65535);
    m_port->setValue(settings.port);
    m_bind->setEditable(true);
    m_bind->addItem(tr("This computer only (127.0.0.1)"), QStringLiteral("127.0.0.1"));
    m_bind->addItem(tr("Everyone on the LAN (0.0.0.0)"), QStringLiteral("0.0.0.0"));
    const int i = m_bind->findData(settings.bind);
    if (i >= 0)
        m_bind->setCurrentIndex(i);
    else
        m_bind->setEditText(settings.bind);
    m_cleanup->setRange(0, 86400);
    m_cleanup->setSuffix(tr(" s"));
    m_cleanup->setSpecialValueText(tr("never"));
    m_cleanup->setValue(settings.cleanupIntervalSeconds);
    m_dataDir->setText(settings.dataDir);
    m_dataDir->setPlaceholderText(tr("default"));
    m_keepServing->setChecked(settings.keepServingWhenClosed);

    auto *browse = new QPushButton(tr("Browse…"), this);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString dir =
            QFileDialog::getExistingDirectory(this, tr("Data folder"), m_dataDir->text());
        if (!dir.isEmpty())
            m_dataDir->setText(dir);
    });
    auto *dataRow = new QHBoxLayout;
    dataRow->addWidget(m_dataDir, 1);
    dataRow->addWidget(browse);

    auto *form = new QFormLayout;
    form->addRow(tr("HTTP port:"), m_port);
    form->addRow(tr("Listen on:"), m_bind);
    form->addRow(tr("Remove dead streams every:"), m_cleanup);
    form->addRow(tr("Data folder:"), dataRow);
    form->addRow(QString(), m_keepServing);
    auto *note =
        new QLabel(tr("Port, address and data folder take effect at the next start."), this);
    note->setWordWrap(true);
    note->setEnabled(false);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(note);
    layout->addWidget(buttons);
}

AppSettings PreferencesDialog::settings() const
{
    AppSettings s = m_settings;
    s.port = quint16(m_port->value());
    const QVariant data = m_bind->currentData();
    s.bind = m_bind->currentText() == m_bind->itemText(m_bind->currentIndex()) && data.isValid()
                 ? data.toString()
                 : m_bind->currentText().trimmed();
    s.cleanupIntervalSeconds = m_cleanup->value();
    s.dataDir = m_dataDir->text().trimmed();
    s.keepServingWhenClosed = m_keepServing->isChecked();
    return s;
}

} // namespace camhub
