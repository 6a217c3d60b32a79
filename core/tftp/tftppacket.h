#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

namespace bootbench {

// TFTP packet codec (RFC 1350, 2347): bytes in, struct out; no sockets.
enum class TftpOpcode : quint16 { Rrq = 1, Wrq = 2, Data = 3, Ack = 4, Error = 5, Oack = 6 };

enum class TftpErrorCode : quint16 {
    NotDefined = 0,
    FileNotFound = 1,
    AccessViolation = 2,
    DiskFull = 3,
    IllegalOperation = 4,
    UnknownTransferId = 5,
    FileExists = 6,
    NoSuchUser = 7,
    OptionRefused = 8, // RFC 2347
};

// Why a packet could not be decoded. Stable keys for logs and tests.
enum class TftpDecodeError {
    None = 0,
    Truncated,          // shorter than its opcode needs
    UnknownOpcode,      // not 1..6
    MissingTerminator,  // a string field without its NUL
    EmptyFilename,      // RRQ/WRQ with "" as file name
    EmptyMode,          // RRQ/WRQ with "" as mode
    EmptyOptionName,    // "\0value\0" where an option name belongs
    OptionWithoutValue, // an option name and then the end of the packet
    DuplicateOption,    // the same option twice (names compare case-insensitively)
    TooManyOptions,     // more than kMaxOptions
    Oversized,          // longer than any TFTP packet can be
};

struct TftpOption
{
    QByteArray name; // lower-cased (option names are case-insensitive, RFC 2347)
    QByteArray value;
    friend bool operator==(const TftpOption &, const TftpOption &) = default;
};
using TftpOptions = QList<TftpOption>;

struct TftpPacket
{
    static constexpr int kMaxOptions = 16;
    static constexpr int kMaxPacketSize = 65468 + 4; // blksize 65464 + 4-byte header, with slack
    static constexpr int kHeaderSize = 4;

    TftpOpcode opcode = TftpOpcode::Ack;
    // RRQ / WRQ
    QByteArray filename; // raw bytes as sent (not normalised)
    QByteArray mode;     // lower-cased
    // RRQ / WRQ / OACK
    TftpOptions options;
    // DATA / ACK
    quint16 block = 0;
    QByteArray data;
    // ERROR
    TftpErrorCode errorCode = TftpErrorCode::NotDefined;
    QByteArray errorMessage;

    bool isRequest() const { return opcode == TftpOpcode::Rrq || opcode == TftpOpcode::Wrq; }
    // The value of an option, or a null QByteArray when absent. name is lower-case.
    QByteArray option(const QByteArray &name) const;

    // Decodes one datagram. On failure returns the reason and leaves *out partly filled.
    static TftpDecodeError decode(QByteArrayView bytes, TftpPacket *out);
    QByteArray encode() const;

    static QByteArray encodeRequest(TftpOpcode opcode, const QByteArray &filename, const QByteArray &mode,
                                    const TftpOptions &options = {});
    static QByteArray encodeData(quint16 block, QByteArrayView data);
    static QByteArray encodeAck(quint16 block);
    static QByteArray encodeError(TftpErrorCode code, const QByteArray &message);
    static QByteArray encodeOack(const TftpOptions &options);

    // Hot path (one per DATA/ACK): the opcode and block number without building a packet.
    // Returns false for anything shorter than 4 bytes.
    static bool peekHeader(QByteArrayView bytes, TftpOpcode *opcode, quint16 *block);
};

QString tftpDecodeErrorKey(TftpDecodeError error); // e.g. "missing-terminator"
QString tftpOpcodeName(TftpOpcode opcode);         // e.g. "RRQ"

} // namespace bootbench
