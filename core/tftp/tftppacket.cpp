#include "tftp/tftppacket.h"

#include <array>

namespace bootbench {

namespace {

quint16 readU16(const char *p)
{
    return quint16((quint16(quint8(p[0])) << 8) | quint8(p[1]));
}

void appendU16(QByteArray *out, quint16 value)
{
    out->append(char(value >> 8));
    out->append(char(value & 0xff));
}

// Reads a NUL-terminated string starting at *pos. False when there is no NUL before the end.
bool readString(QByteArrayView bytes, qsizetype *pos, QByteArrayView *out)
{
    const qsizetype start = *pos;
    const qsizetype end = bytes.indexOf('\0', start);
    if (end < 0)
        return false;
    *out = bytes.sliced(start, end - start);
    *pos = end + 1;
    return true;
}

bool onlyZeros(QByteArrayView bytes, qsizetype from)
{
    for (qsizetype i = from; i < bytes.size(); ++i) {
        if (bytes[i] != '\0')
            return false;
    }
    return true;
}

// filename \0 mode \0 (name \0 value \0)* — RRQ/WRQ after the opcode; OACK has no file/mode.
TftpDecodeError decodeOptions(QByteArrayView bytes, qsizetype pos, TftpOptions *options)
{
    while (pos < bytes.size()) {
        QByteArrayView name;
        if (!readString(bytes, &pos, &name))
            return TftpDecodeError::MissingTerminator;
        if (name.isEmpty()) {
            // Some ROMs pad requests with NULs: trailing zeros are padding, anything else is not.
            return onlyZeros(bytes, pos) ? TftpDecodeError::None : TftpDecodeError::EmptyOptionName;
        }
        if (pos >= bytes.size())
            return TftpDecodeError::OptionWithoutValue;
        QByteArrayView value;
        if (!readString(bytes, &pos, &value))
            return TftpDecodeError::MissingTerminator;
        const QByteArray lower = name.toByteArray().toLower();
        for (const TftpOption &o : std::as_const(*options)) {
            if (o.name == lower)
                return TftpDecodeError::DuplicateOption;
        }
        if (options->size() >= TftpPacket::kMaxOptions)
            return TftpDecodeError::TooManyOptions;
        options->append({lower, value.toByteArray()});
    }
    return TftpDecodeError::None;
}

} // namespace

QByteArray TftpPacket::option(const QByteArray &name) const
{
    for (const TftpOption &o : options) {
        if (o.name == name)
            return o.value;
    }
    return {};
}

bool TftpPacket::peekHeader(QByteArrayView bytes, TftpOpcode *opcode, quint16 *block)
{
    if (bytes.size() < kHeaderSize)
        return false;
    *opcode = static_cast<TftpOpcode>(readU16(bytes.data()));
    *block = readU16(bytes.data() + 2);
    return true;
}

TftpDecodeError TftpPacket::decode(QByteArrayView bytes, TftpPacket *out)
{
    *out = TftpPacket();
    if (bytes.size() < 2)
        return TftpDecodeError::Truncated;
    if (bytes.size() > kMaxPacketSize)
        return TftpDecodeError::Oversized;
    const quint16 op = readU16(bytes.data());
    if (op < 1 || op > 6)
        return TftpDecodeError::UnknownOpcode;
    out->opcode = static_cast<TftpOpcode>(op);
    qsizetype pos = 2;
    switch (out->opcode) {
    case TftpOpcode::Rrq:
    case TftpOpcode::Wrq: {
        QByteArrayView filename, mode;
        if (pos >= bytes.size())
            return TftpDecodeError::Truncated;
        if (!readString(bytes, &pos, &filename))
            return TftpDecodeError::MissingTerminator;
        if (filename.isEmpty())
            return TftpDecodeError::EmptyFilename;
        out->filename = filename.toByteArray();
        if (pos >= bytes.size())
            return TftpDecodeError::Truncated;
        if (!readString(bytes, &pos, &mode))
            return TftpDecodeError::MissingTerminator;
        if (mode.isEmpty())
            return TftpDecodeError::EmptyMode;
        out->mode = mode.toByteArray().toLower();
        return decodeOptions(bytes, pos, &out->options);
    }
    case TftpOpcode::Data:
        if (bytes.size() < kHeaderSize)
            return TftpDecodeError::Truncated;
        out->block = readU16(bytes.data() + 2);
        out->data = bytes.sliced(kHeaderSize).toByteArray();
        return TftpDecodeError::None;
    case TftpOpcode::Ack:
        // RFC 1350 says exactly 4 bytes; trailing bytes are tolerated (seen from padding stacks).
        if (bytes.size() < kHeaderSize)
            return TftpDecodeError::Truncated;
        out->block = readU16(bytes.data() + 2);
        return TftpDecodeError::None;
    case TftpOpcode::Error: {
        if (bytes.size() < kHeaderSize)
            return TftpDecodeError::Truncated;
        out->errorCode = static_cast<TftpErrorCode>(readU16(bytes.data() + 2));
        // Many stacks forget the final NUL: take the rest as the message then.
        QByteArrayView rest = bytes.sliced(kHeaderSize);
        const qsizetype nul = rest.indexOf('\0');
        out->errorMessage = (nul >= 0 ? rest.first(nul) : rest).toByteArray();
        return TftpDecodeError::None;
    }
    case TftpOpcode::Oack: return decodeOptions(bytes, pos, &out->options);
    }
    return TftpDecodeError::UnknownOpcode;
}

QByteArray TftpPacket::encode() const
{
    switch (opcode) {
    case TftpOpcode::Rrq:
    case TftpOpcode::Wrq: return encodeRequest(opcode, filename, mode, options);
    case TftpOpcode::Data: return encodeData(block, data);
    case TftpOpcode::Ack: return encodeAck(block);
    case TftpOpcode::Error: return encodeError(errorCode, errorMessage);
    case TftpOpcode::Oack: return encodeOack(options);
    }
    return {};
}

QByteArray TftpPacket::encodeRequest(TftpOpcode opcode, const QByteArray &filename, const QByteArray &mode,
                                     const TftpOptions &options)
{
    QByteArray out;
    appendU16(&out, quint16(opcode));
    out.append(filename).append('\0').append(mode).append('\0');
    for (const TftpOption &o : options)
        out.append(o.name).append('\0').append(o.value).append('\0');
    return out;
}

QByteArray TftpPacket::encodeData(quint16 block, QByteArrayView data)
{
    QByteArray out;
    out.reserve(kHeaderSize + data.size());
    appendU16(&out, quint16(TftpOpcode::Data));
    appendU16(&out, block);
    out.append(data);
    return out;
}

QByteArray TftpPacket::encodeAck(quint16 block)
{
    QByteArray out;
    appendU16(&out, quint16(TftpOpcode::Ack));
    appendU16(&out, block);
    return out;
}

QByteArray TftpPacket::encodeError(TftpErrorCode code, const QByteArray &message)
{
    QByteArray out;
    appendU16(&out, quint16(TftpOpcode::Error));
    appendU16(&out, quint16(code));
    // A message must not carry a NUL of its own (it would end the string early).
    QByteArray clean = message;
    clean.replace('\0', ' ');
    out.append(clean).append('\0');
    return out;
}

QByteArray TftpPacket::encodeOack(const TftpOptions &options)
{
    QByteArray out;
    appendU16(&out, quint16(TftpOpcode::Oack));
    for (const TftpOption &o : options)
        out.append(o.name).append('\0').append(o.value).append('\0');
    return out;
}

QString tftpDecodeErrorKey(TftpDecodeError error)
{
    static constexpr std::array<const char *, 11> keys = {
        "none",       "truncated",         "unknown-opcode",       "missing-terminator", "empty-filename",
        "empty-mode", "empty-option-name", "option-without-value", "duplicate-option",   "too-many-options",
        "oversized"};
    const auto index = static_cast<size_t>(error);
    return index < keys.size() ? QString::fromLatin1(keys[index]) : QStringLiteral("unknown");
}

QString tftpOpcodeName(TftpOpcode opcode)
{
    static constexpr std::array<const char *, 7> names = {"?", "RRQ", "WRQ", "DATA", "ACK", "ERROR", "OACK"};
    const auto index = static_cast<size_t>(opcode);
    return index < names.size() ? QString::fromLatin1(names[index]) : QStringLiteral("opcode %1").arg(index);
}

} // namespace bootbench
