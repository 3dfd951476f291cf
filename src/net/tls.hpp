#pragma once
// TLS server contexts. TLS 1.2 and 1.3 only, with the ciphers of Mozilla's
// "intermediate" profile (ECDHE with AES-GCM or ChaCha20-Poly1305 for 1.2),
// no compression, no renegotiation.
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>

#include "base/result.hpp"
#include "net/asio.hpp"

namespace cairn::net {

struct tls_files {
  std::filesystem::path certificate;  // PEM chain
  std::filesystem::path key;          // PEM private key
};

// Loads a server context; on failure `error` names the file and the reason.
std::shared_ptr<asio::ssl::context> make_server_context(const tls_files& files, std::string& error);

// Creates a self-signed certificate (EC P-256, 10 years, for the host name,
// "localhost", 127.0.0.1 and ::1) at dir/tls-cert.pem and dir/tls-key.pem
// unless both exist. Returns true when it created them.
bool ensure_self_signed(const std::filesystem::path& dir, tls_files& out, std::string& error);

// The current context, replaced as a whole on SIGHUP; connections keep the
// context they started with.
class tls_provider {
 public:
  void set(std::shared_ptr<asio::ssl::context> ctx) {
    std::lock_guard lk(mu_);
    ctx_ = std::move(ctx);
  }
  std::shared_ptr<asio::ssl::context> get() const {
    std::lock_guard lk(mu_);
    return ctx_;
  }

 private:
  mutable std::mutex mu_;
  std::shared_ptr<asio::ssl::context> ctx_;
};

}  // namespace cairn::net
