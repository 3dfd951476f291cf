#include "store/sqlite/blob_files.hpp"

#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <utility>

#include "base/log.hpp"

namespace cairn::store::sqlite {

namespace {

constexpr char hex_digits[] = "0123456789abcdef";

errc from_errno(int e) { return e == ENOSPC || e == EDQUOT ? errc::disk_full : errc::io_error; }

failure os_error(std::string_view what, const std::filesystem::path& p, int e) {
  log::warn("blob_io_error", {{"what", what}, {"path", p.string()}, {"errno", e}});
  return from_errno(e);
}

class fd_guard {
 public:
  explicit fd_guard(int fd) : fd_(fd) {}
  ~fd_guard() {
    if (fd_ >= 0) ::close(fd_);
  }
  fd_guard(const fd_guard&) = delete;
  fd_guard& operator=(const fd_guard&) = delete;
  int get() const { return fd_; }
  int release() { return std::exchange(fd_, -1); }

 private:
  int fd_;
};

result<void> fsync_dir(const std::filesystem::path& dir) {
  fd_guard fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0) return os_error("open_dir", dir, errno);
  if (::fsync(fd.get()) != 0) return os_error("fsync_dir", dir, errno);
  return {};
}

result<void> write_all(int fd, std::string_view bytes, const std::filesystem::path& p) {
  const char* at = bytes.data();
  std::size_t left = bytes.size();
  while (left > 0) {
    ssize_t n = ::write(fd, at, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      return os_error("write", p, errno);
    }
    // UNSAFE: n <= left, so `at` stays within bytes.
    at += n;
    left -= static_cast<std::size_t>(n);
  }
  return {};
}

}  // namespace

std::string sha256_hex(std::string_view bytes) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(bytes.data(), bytes.size(), md, &len, EVP_sha256(), nullptr);
  std::string out;
  out.reserve(len * 2);
  for (unsigned i = 0; i < len; ++i) {
    out += hex_digits[md[i] >> 4];
    out += hex_digits[md[i] & 15];
  }
  return out;
}

bool valid_hash(std::string_view hex) {
  if (hex.size() != 64) return false;
  for (char c : hex)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

std::string hash_to_bytes(std::string_view hex) {
  auto nibble = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
  std::string out(hex.size() / 2, '\0');
  for (std::size_t i = 0; i < out.size(); ++i)
    out[i] = static_cast<char>(nibble(hex[2 * i]) << 4 | nibble(hex[2 * i + 1]));
  return out;
}

std::string hash_from_bytes(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char b : bytes) {
    out += hex_digits[b >> 4];
    out += hex_digits[b & 15];
  }
  return out;
}

std::filesystem::path blob_files::path_of(std::string_view hash) const {
  return dir_ / std::string(hash.substr(0, 2)) / std::string(hash.substr(2));
}

result<blob_ref> blob_files::put(std::string_view bytes) {
  blob_ref ref{sha256_hex(bytes), bytes.size()};
  const auto sub = dir_ / ref.hash.substr(0, 2);
  const auto target = path_of(ref.hash);

  struct stat st {};
  if (::stat(target.c_str(), &st) == 0 && static_cast<std::uint64_t>(st.st_size) == ref.size) {
    // Already stored. Its writer may still be between rename and the folder
    // fsync: fsync the folder too, so our caller's row never outlives it.
    if (auto r = fsync_dir(sub); !r) return r.error();
    return ref;
  }

  bool new_sub = false;
  if (::mkdir(sub.c_str(), 0700) == 0) {
    new_sub = true;
  } else if (errno != EEXIST) {
    return os_error("mkdir", sub, errno);
  }

  unsigned char rnd[8];
  if (RAND_bytes(rnd, sizeof rnd) != 1) return errc::internal;
  std::string tmp_name = "tmp." + hash_from_bytes({reinterpret_cast<char*>(rnd), sizeof rnd});
  const auto tmp = sub / tmp_name;

  fd_guard fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
  if (fd.get() < 0) return os_error("create", tmp, errno);
  auto fail = [&](failure f) -> result<blob_ref> {
    ::unlink(tmp.c_str());
    return f;
  };
  if (auto r = write_all(fd.get(), bytes, tmp); !r) return fail(r.error());
  if (::fsync(fd.get()) != 0) return fail(os_error("fsync", tmp, errno));
  if (::close(fd.release()) != 0) return fail(os_error("close", tmp, errno));
  // Same content under the same name: replacing a file another writer put
  // there meanwhile is harmless, and rename is atomic.
  if (::rename(tmp.c_str(), target.c_str()) != 0) return fail(os_error("rename", target, errno));
  if (auto r = fsync_dir(sub); !r) return r.error();
  if (new_sub) {
    if (auto r = fsync_dir(dir_); !r) return r.error();
  }
  return ref;
}

result<std::uint64_t> blob_files::size_of(std::string_view hash) const {
  if (!valid_hash(hash)) return errc::not_found;
  struct stat st {};
  if (::stat(path_of(hash).c_str(), &st) != 0) {
    if (errno == ENOENT) return errc::not_found;
    return os_error("stat", path_of(hash), errno);
  }
  return static_cast<std::uint64_t>(st.st_size);
}

result<std::string> blob_files::read(std::string_view hash, std::uint64_t offset,
                                     std::size_t max) const {
  if (!valid_hash(hash)) return errc::not_found;
  const auto p = path_of(hash);
  fd_guard fd(::open(p.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) {
    if (errno == ENOENT) {
      log::error("blob_missing", {{"path", p.string()}});
      return errc::corrupted;
    }
    return os_error("open", p, errno);
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return os_error("fstat", p, errno);
  auto size = static_cast<std::uint64_t>(st.st_size);
  if (offset >= size) return std::string();
  // Never allocate more than the file can give.
  std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(max, size - offset));
  std::string out(want, '\0');
  std::size_t got = 0;
  while (got < want) {
    // UNSAFE: got < want == out.size(), so out.data() + got is in bounds and
    // want - got bytes fit.
    ssize_t n = ::pread(fd.get(), out.data() + got, want - got, static_cast<off_t>(offset + got));
    if (n < 0) {
      if (errno == EINTR) continue;
      return os_error("read", p, errno);
    }
    if (n == 0) break;  // shorter than fstat said: return what is there
    got += static_cast<std::size_t>(n);
  }
  out.resize(got);
  return out;
}

void blob_files::remove(std::string_view hash) const {
  if (!valid_hash(hash)) return;
  const auto p = path_of(hash);
  if (::unlink(p.c_str()) != 0 && errno != ENOENT)
    log::warn("blob_unlink_failed", {{"path", p.string()}, {"errno", errno}});
}

}  // namespace cairn::store::sqlite
