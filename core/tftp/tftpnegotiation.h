#pragma once

#include "tftp/tftppacket.h"

namespace bootbench {

// What the server allows (from ServiceConfig).
struct TftpLimits
{
    bool blksizeNegotiation = true; // false: blksize is ignored (clients that break with it)
    int maxBlksize = 65464;         // 8..65464; also capped by the interface MTU
    int maxWindowsize = 64;         // 1..65535
};

// The outcome of RFC 2347 option negotiation for one request: the values the transfer uses and
// the OACK to send (empty: no option accepted, answer as plain RFC 1350).
struct TftpNegotiation
{
    static constexpr int kDefaultBlksize = 512;
    static constexpr int kMinBlksize = 8;
    static constexpr int kMaxBlksize = 65464;

    int blksize = kDefaultBlksize;
    int windowsize = 1;
    int timeoutSeconds = 0; // 0: the client asked for none
    qint64 tsize = -1;      // read: the size sent in the OACK; write: the size the client announced
    TftpOptions oack;       // in the order the client sent them
    bool refused = false;   // answer ERROR 8 with refusal, start nothing
    QByteArray refusal;

    // fileSize: size of the file on a read (-1 when it cannot be told in advance, e.g. netascii).
    static TftpNegotiation negotiate(const TftpPacket &request, const TftpLimits &limits, qint64 fileSize);

    QString summary() const; // "blksize=1468 windowsize=4 tsize=123" — for events
};

} // namespace bootbench
