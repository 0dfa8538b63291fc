#include "Redact.h"

#include <QTest>

using namespace camhub;

class tst_Redact final : public QObject
{
    Q_OBJECT

private slots:
    void redact_data()
    {
        QTest::addColumn<QString>("in");
        QTest::addColumn<QString>("out");
        QTest::newRow("user:pass") << "rtsp://admin:s3cret@10.0.0.5:554/stream"
                                   << "rtsp://***@10.0.0.5:554/stream";
        QTest::newRow("user only") << "rtsp://admin@cam/x"
                                   << "rtsp://***@cam/x";
        QTest::newRow("no credentials") << "rtsp://cam:554/x"
                                        << "rtsp://cam:554/x";
        QTest::newRow("at in path") << "rtsp://cam/a@b"
                                    << "rtsp://cam/a@b";
        QTest::newRow("at in password") << "rtsp://u:p@ss@cam/x"
                                        << "rtsp://***@cam/x";
        QTest::newRow("colon in password") << "rtsp://u:a:b@cam/x"
                                           << "rtsp://***@cam/x";
        QTest::newRow("in a sentence")
            << "Cannot open rtsp://u:pw@h/x: refused, tried http://a:b@h2/"
            << "Cannot open rtsp://***@h/x: refused, tried http://***@h2/";
        QTest::newRow("uppercase scheme") << "RTSP://u:p@h/"
                                          << "RTSP://***@h/";
        QTest::newRow("encoded") << "rtsp://u%40x:p%3A@h/"
                                 << "rtsp://***@h/";
        QTest::newRow("empty") << ""
                               << "";
    }
    void redact()
    {
        QFETCH(QString, in);
        QFETCH(QString, out);
        QCOMPARE(redactCredentials(in), out);
        QCOMPARE(hasCredentials(in), in != out);
    }
};

QTEST_APPLESS_MAIN(tst_Redact)
#include "tst_redact.moc"
