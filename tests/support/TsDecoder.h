#pragma once

#include <QByteArray>
#include <QString>

// Decodes one MPEG-TS segment on its own, from memory, with libav: what a player that
// joins at this segment would see.
struct TsDecodeResult
{
    bool opened = false;
    int videoFrames = 0;
    int audioFrames = 0;
    int decodeErrors = 0;
    bool firstPacketKey = false;
    int width = 0;
    int height = 0;
    QString codec;
    QString error;
};

TsDecodeResult decodeTsSegment(const QByteArray &segment);
