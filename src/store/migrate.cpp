#include "store/migrate.hpp"

#include <fcntl.h>
#include <openssl/evp.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <map>
#include <unordered_map>

#include "mime/message.hpp"
#include "store/ingest.hpp"
#include "store/mailbox_name.hpp"
#include "store/maildir.hpp"

// Returns a failed result's error from the enclosing function.
#define MIGRATE_TRY(expr)      \
  do {                         \
    if (auto r_ = (expr); !r_) \
      return r_.error();       \
  } while (0)

namespace cairn::store {

namespace {

namespace fs = std::filesystem;

failure os_error(int e) {
  if (e == ENOSPC || e == EDQUOT) return errc::disk_full;
  if (e == EACCES || e == EPERM) return errc::no_perm;
  return errc::io_error;
}

std::string sha256_hex(std::string_view bytes) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_Digest(bytes.data(), bytes.size(), md, &n, EVP_sha256(), nullptr);
  static const char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(n * 2);
  for (unsigned i = 0; i < n; ++i) {
    out += hex[md[i] >> 4];
    out += hex[md[i] & 15];
  }
  return out;
}

// A file mapped read-only: large mbox files are read without being copied
// into memory.
class mapped_file {
 public:
  mapped_file() = default;
  mapped_file(const mapped_file&) = delete;
  mapped_file& operator=(const mapped_file&) = delete;
  mapped_file(mapped_file&& o) noexcept : p_(o.p_), n_(o.n_) { o.p_ = nullptr; o.n_ = 0; }
  ~mapped_file() {
    if (p_ && n_) ::munmap(p_, n_);
  }
  static result<mapped_file> open(const fs::path& p) {
    int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return errno == ENOENT ? failure(errc::not_found) : os_error(errno);
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
      ::close(fd);
      return errc::io_error;
    }
    mapped_file m;
    m.n_ = static_cast<std::size_t>(st.st_size);
    if (m.n_ > 0) {
      void* p = ::mmap(nullptr, m.n_, PROT_READ, MAP_PRIVATE, fd, 0);
      if (p == MAP_FAILED) {
        ::close(fd);
        m.n_ = 0;
        return errc::io_error;
      }
      ::madvise(p, m.n_, MADV_SEQUENTIAL);
      m.p_ = p;
    }
    ::close(fd);
    return m;
  }
  std::string_view view() const { return {static_cast<const char*>(p_), n_}; }

 private:
  void* p_ = nullptr;
  std::size_t n_ = 0;
};

result<std::string> read_file(const fs::path& p, std::size_t max) {
  int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return errno == ENOENT ? failure(errc::not_found) : os_error(errno);
  std::string out;
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      ::close(fd);
      return errc::io_error;
    }
    if (n == 0) break;
    if (out.size() + static_cast<std::size_t>(n) > max) {
      ::close(fd);
      return errc::too_large;
    }
    out.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return out;
}

result<void> write_file(const fs::path& p, std::string_view data) {
  int fd = ::open(p.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return os_error(errno);
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      int e = errno;
      ::close(fd);
      return os_error(e);
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  if (::close(fd) != 0) return os_error(errno);
  return {};
}

result<void> make_dir(const fs::path& p) {
  if (::mkdir(p.c_str(), 0700) != 0 && errno != EEXIST) return os_error(errno);
  return {};
}

zoned_time local_time(std::int64_t t) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  localtime_r(&tt, &tm);
  return {t, static_cast<std::int32_t>(tm.tm_gmtoff / 60)};
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

// Errors that would fail every later message too: the import stops.
bool stops_import(std::error_code ec) {
  switch (static_cast<errc>(ec.value())) {
    case errc::limit:
    case errc::too_large:
    case errc::parse_error:
      return false;
    default:
      return true;
  }
}

class importer {
 public:
  importer(account& acct, const import_options& opt, import_report& rep) : acct_(acct), opt_(opt), rep_(rep) {}

  // The target mailbox (created with its parents when missing) and what
  // it already holds, by content.
  result<mailbox_id> target(const std::string& wanted) {
    std::string_view why;
    auto name = canonical_mailbox_name(wanted, &why, opt_.lim);
    if (!name) return name.error();
    if (auto it = targets_.find(*name); it != targets_.end()) return it->second;
    std::vector<std::string> chain;
    for (std::string_view p = *name; !p.empty(); p = parent_mailbox(p)) chain.emplace_back(p);
    mailbox_id id = 0;
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
      auto m = acct_.mailbox(*it);
      if (!m && m.error() == errc::not_found) {
        m = acct_.create_mailbox(*it, {});
        if (m) ++rep_.mailboxes_created;
        else if (m.error() == errc::already_exists) m = acct_.mailbox(*it);
      }
      if (!m) return m.error();
      id = m->id;
    }
    auto existing = acct_.messages(id);
    if (!existing) return existing.error();
    auto& present = present_[id];
    for (const auto& m : *existing) ++present[m.blob.hash];
    targets_[*name] = id;
    return id;
  }

  // One message for `box`. Skips (with a report) what cannot be imported.
  result<void> add(mailbox_id box, std::string_view raw, flags fl, zoned_time date, std::string where) {
    if (raw.empty()) {
      rep_.skipped.push_back({std::move(where), "empty message"});
      return {};
    }
    std::string crlf = mime::normalize_crlf(raw);
    if (crlf.size() > opt_.lim.message_size) {
      rep_.skipped.push_back({std::move(where), "larger than limits.message_size"});
      return {};
    }
    auto& present = present_[box];
    std::string hash = sha256_hex(crlf);
    if (auto it = present.find(hash); it != present.end() && it->second > 0) {
      --it->second;
      ++rep_.already_present;
      return {};
    }
    if (box != batch_box_ || batch_.size() >= 100 || batch_bytes_ + crlf.size() > (16u << 20)) MIGRATE_TRY(flush());
    batch_box_ = box;
    batch_bytes_ += crlf.size();
    batch_.push_back({std::move(crlf), std::move(fl), date, std::move(where)});
    return {};
  }

  result<void> flush() {
    if (batch_.empty()) return {};
    std::vector<incoming_message> in;
    in.reserve(batch_.size());
    for (const auto& p : batch_) in.push_back({p.data, p.fl, p.date});
    auto r = ingest(acct_, batch_box_, in, opt_.lim);
    if (!r && !stops_import(r.error())) {
      // Find the messages at fault one at a time.
      for (auto& p : batch_) MIGRATE_TRY(one(p));
    } else if (!r) {
      return r.error();
    } else {
      rep_.imported += batch_.size();
    }
    batch_.clear();
    batch_bytes_ = 0;
    return {};
  }

  import_report& report() { return rep_; }
  const import_options& options() const { return opt_; }
  account& acct() { return acct_; }

 private:
  struct pending {
    std::string data;
    flags fl;
    zoned_time date;
    std::string where;
  };

  result<void> one(pending& p) {
    incoming_message m{p.data, p.fl, p.date};
    auto r = ingest(acct_, batch_box_, std::span<const incoming_message>(&m, 1), opt_.lim);
    if (r) {
      ++rep_.imported;
      return {};
    }
    if (r.error() == errc::limit && !p.fl.keywords.empty()) {
      // The mailbox's keyword limit: keep the message, without keywords.
      m.fl.keywords.clear();
      auto again = ingest(acct_, batch_box_, std::span<const incoming_message>(&m, 1), opt_.lim);
      if (again) {
        ++rep_.imported;
        rep_.skipped.push_back({p.where, "keywords left out: the mailbox's keyword limit (limits.keywords_per_mailbox)"});
        return {};
      }
      r = again;
    }
    if (stops_import(r.error())) return r.error();
    rep_.skipped.push_back({p.where, r.error().message()});
    return {};
  }

  account& acct_;
  const import_options& opt_;
  import_report& rep_;
  std::map<std::string, mailbox_id> targets_;
  std::unordered_map<mailbox_id, std::unordered_map<std::string, unsigned>> present_;
  std::vector<pending> batch_;
  mailbox_id batch_box_ = 0;
  std::size_t batch_bytes_ = 0;
};

void progress(importer& im, const std::string& mailbox, std::uint64_t done, std::uint64_t total) {
  if (im.options().progress) im.options().progress({mailbox, done, total});
}

// An mbox file into `mailbox`. parse_error when it is not one.
result<void> import_mbox(importer& im, const fs::path& file, const std::string& mailbox) {
  auto map = mapped_file::open(file);
  if (!map) return map.error();
  std::string_view data = map->view();
  auto box = im.target(mailbox);
  if (!box) return box.error();
  result<void> failed;
  std::uint64_t done = 0;
  const std::uint64_t total = 0;
  const std::uint64_t size = data.size();
  bool ok = split_mbox(data, im.options().escaping, im.options().lim.message_size, [&](mbox_message&& m) {
    std::string where = file.string() + " at byte " + std::to_string(m.offset);
    if (m.too_large) {
      im.report().skipped.push_back({where, "larger than limits.message_size"});
      return true;
    }
    zoned_time date = m.date ? *m.date : local_time(static_cast<std::int64_t>(std::time(nullptr)));
    if (auto r = im.add(*box, m.data, std::move(m.fl), date, std::move(where)); !r) {
      failed = r;
      return false;
    }
    ++done;
    // Progress by bytes, as the count is not known ahead.
    if (done % 50 == 0) progress(im, mailbox, m.offset, size);
    return true;
  });
  (void)total;
  if (!failed) return failed;
  if (!ok) return errc::parse_error;
  progress(im, mailbox, size, size);
  return im.flush();
}

// One Maildir folder (cur/ and new/) into `mailbox`.
result<void> import_maildir_folder(importer& im, const fs::path& dir, const std::string& mailbox) {
  maildir_keywords kw;
  if (auto k = read_file(dir / "dovecot-keywords", 1 << 20); k) kw = parse_dovecot_keywords(*k);
  struct entry {
    fs::path path;
    std::string name;
  };
  std::vector<entry> files;
  for (const char* sub : {"cur", "new"}) {
    std::error_code ec;
    auto it = fs::directory_iterator(dir / sub, ec);
    if (ec && ec != std::errc::no_such_file_or_directory)
      im.report().skipped.push_back({(dir / sub).string(), "cannot read the folder: " + ec.message()});
    for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
      std::string name = it->path().filename().string();
      if (name.empty() || name[0] == '.') continue;
      std::error_code fec;
      if (!it->is_regular_file(fec)) continue;
      files.push_back({it->path(), name});
    }
  }
  if (fs::exists(dir / "courierimapkeywords"))
    im.report().skipped.push_back({(dir / "courierimapkeywords").string(),
                                   "Courier keywords are not read; messages come in without them"});
  // Maildir names begin with the delivery time: name order is arrival order.
  std::sort(files.begin(), files.end(), [](const entry& a, const entry& b) { return a.name < b.name; });
  auto box = im.target(mailbox);
  if (!box) return box.error();
  std::uint64_t done = 0;
  for (const auto& f : files) {
    struct stat st {};
    if (::stat(f.path.c_str(), &st) != 0) {
      im.report().skipped.push_back({f.path.string(), std::strerror(errno)});
      continue;
    }
    if (static_cast<std::uint64_t>(st.st_size) > im.options().lim.message_size) {
      im.report().skipped.push_back({f.path.string(), "larger than limits.message_size"});
      continue;
    }
    auto data = read_file(f.path, im.options().lim.message_size);
    if (!data) {
      im.report().skipped.push_back({f.path.string(), data.error().message()});
      continue;
    }
    // Dovecot takes a Maildir message's INTERNALDATE from its file's time.
    MIGRATE_TRY(im.add(*box, *data, maildir_flags(f.name, kw), local_time(st.st_mtim.tv_sec), f.path.string()));
    if (++done % 20 == 0) progress(im, mailbox, done, files.size());
  }
  progress(im, mailbox, files.size(), files.size());
  return im.flush();
}

bool is_maildir(const fs::path& dir) {
  std::error_code ec;
  return fs::is_directory(dir / "cur", ec) || fs::is_directory(dir / "new", ec);
}

result<void> subscribe_all(importer& im, const std::vector<std::string>& names, const std::string& source) {
  for (const auto& n : names) {
    std::string_view why;
    auto c = canonical_mailbox_name(n, &why, im.options().lim);
    if (!c) {
      im.report().skipped.push_back({source, "subscription \"" + n + "\": " + std::string(why)});
      continue;
    }
    if (auto r = im.acct().set_subscribed(*c, true); !r) return r;
    ++im.report().subscriptions;
  }
  return {};
}

result<void> import_maildir_tree(importer& im, const fs::path& root) {
  MIGRATE_TRY(import_maildir_folder(im, root, "INBOX"));
  std::vector<std::pair<std::string, fs::path>> folders;
  std::error_code ec;
  auto it = fs::directory_iterator(root, ec);
  if (ec) return os_error(ec.value());
  for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
    std::string name = it->path().filename().string();
    std::error_code dec;
    if (name.size() < 2 || name[0] != '.' || name == ".." || !it->is_directory(dec)) continue;
    if (!is_maildir(it->path()) && !fs::exists(it->path() / "maildirfolder")) continue;
    auto mailbox = maildirpp_folder_to_mailbox(name);
    if (!mailbox) {
      im.report().skipped.push_back({it->path().string(), "folder name is not valid modified UTF-7 or UTF-8"});
      continue;
    }
    folders.emplace_back(std::move(*mailbox), it->path());
  }
  std::sort(folders.begin(), folders.end());
  for (const auto& [mailbox, dir] : folders) {
    auto r = import_maildir_folder(im, dir, mailbox);
    if (!r && r.error() == errc::bad_mailbox_name) {
      im.report().skipped.push_back({dir.string(), "not a valid mailbox name"});
      continue;
    }
    if (!r) return r;
  }
  if (auto s = read_file(root / "subscriptions", 16 << 20); s)
    MIGRATE_TRY(subscribe_all(im, parse_subscriptions(*s, '.'), (root / "subscriptions").string()));
  if (auto s = read_file(root / "courierimapsubscribed", 16 << 20); s)
    MIGRATE_TRY(
        subscribe_all(im, parse_subscriptions(*s, '.', true), (root / "courierimapsubscribed").string()));
  return {};
}

// A folder of mbox files (Dovecot's mbox layout, or an mbox export).
result<void> import_mbox_tree(importer& im, const fs::path& root) {
  std::vector<std::pair<std::string, fs::path>> files;
  // An explicit stack of (folder, depth), bounded by the mailbox depth:
  // every unreadable folder is reported, the rest imported.
  std::vector<std::pair<fs::path, unsigned>> todo{{root, 0}};
  while (!todo.empty()) {
    auto [dir, depth] = todo.back();
    todo.pop_back();
    std::error_code ec;
    auto it = fs::directory_iterator(dir, ec);
    if (ec) {
      if (dir == root) return os_error(ec.value());
      im.report().skipped.push_back({dir.string(), "cannot read the folder: " + ec.message()});
      continue;
    }
    for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
      const fs::path p = it->path();
      const std::string name = p.filename().string();
      if (name.empty() || name[0] == '.') continue;  // Dovecot's .imap index folders, .subscriptions
      std::error_code tec;
      if (it->is_directory(tec)) {
        if (depth + 1 < im.options().lim.mailbox_depth) todo.emplace_back(p, depth + 1);
        else im.report().skipped.push_back({p.string(), "deeper than limits.mailbox_depth"});
        continue;
      }
      if (!it->is_regular_file(tec)) continue;
      std::string mailbox;
      bool ok = true;
      std::vector<std::string> parts;
      for (const auto& part : p.lexically_relative(root)) parts.push_back(part.string());
      for (std::size_t i = 0; i < parts.size(); ++i) {
        std::string level = parts[i];
        if (i + 1 == parts.size() && level.size() > 5 && level.substr(level.size() - 5) == ".mbox")
          level.resize(level.size() - 5);
        auto l = file_name_to_level(level);
        if (!l) {
          ok = false;
          break;
        }
        if (!mailbox.empty()) mailbox += '/';
        mailbox += *l;
      }
      if (parts.size() == 1 && iequals(mailbox, "inbox")) mailbox = "INBOX";
      if (!ok) {
        im.report().skipped.push_back({p.string(), "file name is not a valid mailbox name"});
        continue;
      }
      files.emplace_back(std::move(mailbox), p);
    }
    if (ec) im.report().skipped.push_back({dir.string(), "cannot read the folder: " + ec.message()});
  }
  std::sort(files.begin(), files.end());
  for (const auto& [mailbox, file] : files) {
    auto r = import_mbox(im, file, mailbox);
    if (!r && (r.error() == errc::parse_error || r.error() == errc::bad_mailbox_name)) {
      im.report().skipped.push_back(
          {file.string(), r.error() == errc::parse_error ? "not an mbox file" : "not a valid mailbox name"});
      continue;
    }
    if (!r) return r;
  }
  if (auto s = read_file(root / ".subscriptions", 16 << 20); s)
    MIGRATE_TRY(subscribe_all(im, parse_subscriptions(*s, '/'), (root / ".subscriptions").string()));
  return {};
}

result<std::string> whole_blob(account& acct, const message_meta& m) {
  auto r = acct.read_blob(m.blob, 0, static_cast<std::size_t>(m.blob.size));
  if (!r) return r.error();
  if (r->size() != m.blob.size) return errc::corrupted;
  return r;
}

}  // namespace

result<import_report> import_mail(account& acct, const fs::path& path, const import_options& opt,
                                  import_report* partial) {
  import_report rep;
  importer im(acct, opt, rep);
  std::error_code ec;
  auto st = fs::status(path, ec);
  if (ec || !fs::exists(st)) return errc::not_found;
  result<void> r;
  if (fs::is_regular_file(st)) r = import_mbox(im, path, opt.folder.empty() ? "INBOX" : opt.folder);
  else if (is_maildir(path)) r = import_maildir_tree(im, path);
  else if (fs::is_directory(st)) r = import_mbox_tree(im, path);
  else r = errc::parse_error;
  if (r) r = im.flush();
  if (!r) {
    if (partial) *partial = rep;
    return r.error();
  }
  return rep;
}

result<export_report> export_mail(account& acct, const fs::path& path, export_format format,
                                  const std::function<void(const migrate_progress&)>& progress_fn) {
  std::error_code ec;
  if (fs::exists(path, ec)) {
    if (!fs::is_directory(path, ec) || !fs::is_empty(path, ec)) return errc::already_exists;
  } else if (auto r = make_dir(path); !r) {
    return r.error();
  }
  export_report rep;
  auto boxes = acct.mailboxes();
  if (!boxes) return boxes.error();
  auto subs = acct.subscriptions();
  if (!subs) return subs.error();

  for (const auto& box : *boxes) {
    auto msgs = acct.messages(box.id);
    if (!msgs) return msgs.error();
    ++rep.mailboxes;
    std::uint64_t done = 0;
    if (format == export_format::maildir) {
      fs::path dir = path;
      if (auto folder = mailbox_to_maildirpp_folder(box.name)) {
        dir = path / *folder;
        if (auto r = make_dir(dir); !r) return r.error();
        if (auto r = write_file(dir / "maildirfolder", ""); !r) return r.error();
      }
      for (const char* sub : {"cur", "new", "tmp"})
        if (auto r = make_dir(dir / sub); !r) return r.error();
      // Letters in the mailbox's own keyword order, so they stay stable.
      maildir_keywords kw;
      if (auto known = acct.keywords(box.id); known)
        for (const auto& k : *known)
          if (kw.size() < 26 && !k.empty() && k != "$Forwarded") kw.push_back(k);
      unsigned dropped = 0;
      for (const auto& m : *msgs) {
        auto bytes = whole_blob(acct, m);
        if (!bytes) {
          rep.warnings.push_back({box.name + " UID " + std::to_string(m.uid), bytes.error().message()});
          continue;
        }
        // The stored bytes as they are (CRLF): Dovecot reads either form,
        // and only this one brings every message back byte for byte.
        std::string name = std::to_string(m.internal_date.unix_seconds) + ".C" + std::to_string(m.uid) +
                           ".cairn,S=" + std::to_string(bytes->size()) + ",W=" + std::to_string(m.size) +
                           maildir_info(m.fl, kw, &dropped);
        fs::path file = dir / "cur" / name;
        if (auto r = write_file(file, *bytes); !r) return r.error();
        // The internal date as the file's time (what Dovecot reads back).
        struct timespec times[2];
        times[0].tv_sec = times[1].tv_sec = static_cast<time_t>(m.internal_date.unix_seconds);
        times[0].tv_nsec = times[1].tv_nsec = 0;
        ::utimensat(AT_FDCWD, file.c_str(), times, 0);
        ++rep.messages;
        if (progress_fn && ++done % 20 == 0) progress_fn({box.name, done, msgs->size()});
      }
      if (dropped)
        rep.warnings.push_back({box.name, std::to_string(dropped) +
                                              " keyword use(s) left out: a Maildir folder holds 26 keywords"});
      std::string kwtext = format_dovecot_keywords(kw);
      if (!kwtext.empty())
        if (auto r = write_file(dir / "dovecot-keywords", kwtext); !r) return r.error();
    } else {
      // <path>/<level>/.../<last level>.mbox
      fs::path file = path;
      std::string_view name = box.name;
      for (;;) {
        auto slash = name.find('/');
        std::string level = level_to_file_name(name.substr(0, slash));
        if (slash == std::string_view::npos) {
          file /= level + ".mbox";
          break;
        }
        file /= level;
        if (auto r = make_dir(file); !r) return r.error();
        name.remove_prefix(slash + 1);
      }
      int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
      if (fd < 0) return os_error(errno);
      std::string out;
      auto drain = [&](bool all) -> result<void> {
        if (!all && out.size() < (1u << 20)) return {};
        std::string_view d = out;
        while (!d.empty()) {
          ssize_t n = ::write(fd, d.data(), d.size());
          if (n < 0) {
            if (errno == EINTR) continue;
            return os_error(errno);
          }
          d.remove_prefix(static_cast<std::size_t>(n));
        }
        out.clear();
        return {};
      };
      result<void> failed;
      for (const auto& m : *msgs) {
        auto bytes = whole_blob(acct, m);
        if (!bytes) {
          rep.warnings.push_back({box.name + " UID " + std::to_string(m.uid), bytes.error().message()});
          continue;
        }
        append_mbox_message(out, *bytes, m.fl, m.internal_date);
        ++rep.messages;
        if (failed = drain(false); !failed) break;
        if (progress_fn && ++done % 20 == 0) progress_fn({box.name, done, msgs->size()});
      }
      if (failed) failed = drain(true);
      if (::close(fd) != 0 && failed) failed = os_error(errno);
      if (!failed) return failed.error();
    }
    if (progress_fn) progress_fn({box.name, msgs->size(), msgs->size()});
  }
  const fs::path subs_file = format == export_format::maildir ? path / "subscriptions" : path / ".subscriptions";
  if (auto r = write_file(subs_file, format_subscriptions(*subs)); !r) return r.error();
  return rep;
}

}  // namespace cairn::store

#undef MIGRATE_TRY
