#pragma once

#include "AppSettings.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLineEdit;
class QSpinBox;

namespace camhub {

class PreferencesDialog final : public QDialog
{
    Q_OBJECT

public:
    explicit PreferencesDialog(const AppSettings &settings, QWidget *parent = nullptr);
    AppSettings settings() const;

private:
    AppSettings m_settings;
    QSpinBox *m_port;
    QComboBox *m_bind;
    QSpinBox *m_cleanup;
    QLineEdit *m_dataDir;
    QCheckBox *m_keepServing;
};

} // namespace camhub
