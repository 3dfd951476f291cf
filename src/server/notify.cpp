#include "server/notify.hpp"

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <charconv>
#include <cstring>
#include <memory>

namespace cairn::server {

std::filesystem::path notify_socket_path(const std::filesystem::path& data_dir) { return data_dir / "notify.sock"; }

std::string encode_change(const store::change_event& ev) {
  return "cairn-change 1 " + ev.account_id + " " + std::to_string(ev.mailbox) + " " +
         std::to_string(ev.highestmodseq);
}

std::optional<store::change_event> decode_change(std::string_view d) {
  constexpr std::string_view prefix = "cairn-change 1 ";
  if (d.substr(0, prefix.size()) != prefix) return std::nullopt;
  d.remove_prefix(prefix.size());
  auto sp = d.find(' ');
  if (sp == std::string_view::npos || sp == 0 || sp > 64) return std::nullopt;
  store::change_event ev;
  ev.account_id = std::string(d.substr(0, sp));
  for (unsigned char c : ev.account_id)
    if (!std::isalnum(c)) return std::nullopt;
  d.remove_prefix(sp + 1);
  sp = d.find(' ');
  if (sp == std::string_view::npos) return std::nullopt;
  auto r1 = std::from_chars(d.data(), d.data() + sp, ev.mailbox);
  if (r1.ec != std::errc{} || r1.ptr != d.data() + sp || ev.mailbox < 0) return std::nullopt;
  d.remove_prefix(sp + 1);
  auto r2 = std::from_chars(d.data(), d.data() + d.size(), ev.highestmodseq);
  if (r2.ec != std::errc{} || r2.ptr != d.data() + d.size()) return std::nullopt;
  return ev;
}

std::function<void(const store::change_event&)> change_forwarder(const std::filesystem::path& data_dir) {
  std::string path = notify_socket_path(data_dir).string();
  sockaddr_un addr{};
  if (path.size() >= sizeof(addr.sun_path)) return [](const store::change_event&) {};
  addr.sun_family = AF_UNIX;
  std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
  int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) return [](const store::change_event&) {};
  auto sock = std::shared_ptr<int>(new int(fd), [](int* p) {
    ::close(*p);
    delete p;
  });
  return [sock, addr](const store::change_event& ev) {
    std::string d = encode_change(ev);
    // No server, or its queue is full: it will see the change at the
    // session's next command.
    (void)::sendto(*sock, d.data(), d.size(), MSG_DONTWAIT, reinterpret_cast<const sockaddr*>(&addr), sizeof addr);
  };
}

}  // namespace cairn::server
