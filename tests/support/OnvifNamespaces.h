#pragma once

#include <QString>

// XML namespaces of SOAP, ONVIF and WS-Discovery, shared by the test peers.
namespace OnvifNs {
inline const QString kSoap12 = QStringLiteral("http://www.w3.org/2003/05/soap-envelope");
inline const QString kSoap11 = QStringLiteral("http://schemas.xmlsoap.org/soap/envelope/");
inline const QString kTds = QStringLiteral("http://www.onvif.org/ver10/device/wsdl");
inline const QString kTrt = QStringLiteral("http://www.onvif.org/ver10/media/wsdl");
inline const QString kTr2 = QStringLiteral("http://www.onvif.org/ver20/media/wsdl");
inline const QString kTt = QStringLiteral("http://www.onvif.org/ver10/schema");
inline const QString kTer = QStringLiteral("http://www.onvif.org/ver10/error");
inline const QString kDn = QStringLiteral("http://www.onvif.org/ver10/network/wsdl");
inline const QString kWsa = QStringLiteral("http://schemas.xmlsoap.org/ws/2004/08/addressing");
inline const QString kWsd = QStringLiteral("http://schemas.xmlsoap.org/ws/2005/04/discovery");
} // namespace OnvifNs
