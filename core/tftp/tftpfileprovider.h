#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QMutex>
#include <QString>

#include <memory>
#include <optional>
#include <vector>

namespace bootbench {

// Lets another service answer some TFTP names with generated content (the policy service: per-device
// config files such as z_auto.cfg, winpe.cfg, pxelinux.cfg/01-<mac>). Consulted for every read
// request, before the disk.
class TftpFileProvider
{
public:
    virtual ~TftpFileProvider() = default;
    // normalisedPath: "/" separated, no leading "/", case as requested ("pxelinux.cfg/01-52-54-00-12-34-56").
    // Return the file's content to serve it, or nullopt to leave the name to the next provider and
    // then the disk. Called on the TFTP service's worker thread: must be thread-safe and quick.
    virtual std::optional<QByteArray> fileFor(const QString &normalisedPath, const QHostAddress &client) = 0;
};

// The providers registered with one TFTP service. add/remove/lookup are thread-safe: the policy
// service registers from its own thread while the TFTP thread looks names up.
class TftpFileProviderRegistry
{
public:
    void add(std::shared_ptr<TftpFileProvider> provider)
    {
        QMutexLocker lock(&m_mutex);
        m_providers.push_back(std::move(provider));
    }
    void remove(const TftpFileProvider *provider)
    {
        QMutexLocker lock(&m_mutex);
        std::erase_if(m_providers, [provider](const auto &p) { return p.get() == provider; });
    }
    // First answer wins, in registration order. Providers are called without the lock held.
    std::optional<QByteArray> lookup(const QString &normalisedPath, const QHostAddress &client) const
    {
        std::vector<std::shared_ptr<TftpFileProvider>> copy;
        {
            QMutexLocker lock(&m_mutex);
            if (m_providers.empty())
                return std::nullopt;
            copy = m_providers;
        }
        for (const auto &provider : copy) {
            if (auto content = provider->fileFor(normalisedPath, client))
                return content;
        }
        return std::nullopt;
    }

private:
    mutable QMutex m_mutex;
    std::vector<std::shared_ptr<TftpFileProvider>> m_providers;
};

} // namespace bootbench
