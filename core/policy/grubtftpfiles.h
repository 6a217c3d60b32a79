#pragma once

#include "policy/httpmessage.h"
#include "tftp/tftpfileprovider.h"

#include <QMutex>
#include <QPointer>

#include <functional>

namespace bootbench {

// Answers Debian's signed GRUB, which reads only TFTP, with the policy service's GRUB
// configurations as virtual TFTP files (GrubConfig): grub/grub.cfg at once, and
// grub/bootbench/<mac>/<route>….cfg by running the policy routes on the policy service's thread
// (the TFTP thread waits for the answer, at most kWaitMs). Registered with the TFTP service by
// the composition root; attached while the policy service runs.
class GrubTftpFiles final : public TftpFileProvider
{
public:
    static constexpr int kWaitMs = 5000;
    using Handler = std::function<HttpReply(const HttpRequest &)>;

    // `context` lives on the thread where `handler` must run.
    void attach(QObject *context, Handler handler);
    void detach();

    std::optional<QByteArray> fileFor(const QString &normalisedPath, const QHostAddress &client) override;

    // The policy request a virtual name stands for (path /grub/<route>, query with mac,
    // platform=efi, buildarch=x86_64 and the name's parameters); nullopt for other names.
    static std::optional<HttpRequest> requestFor(const QString &normalisedPath, const QHostAddress &client);

private:
    QMutex m_mutex;
    QPointer<QObject> m_context;
    Handler m_handler;
};

} // namespace bootbench
