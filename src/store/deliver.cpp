#include "store/deliver.hpp"

#include <ctime>

#include "store/ingest.hpp"

namespace cairn::store {

namespace {

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

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

// A header field value goes on one line: no CR, LF or NUL from an envelope.
std::string one_line(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s)
    if (c != '\r' && c != '\n' && c != '\0') out += c;
  return out;
}

zoned_time now_local() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  localtime_r(&t, &tm);
  return {static_cast<std::int64_t>(t), static_cast<std::int32_t>(tm.tm_gmtoff / 60)};
}

}  // namespace

unsigned count_delivered_to(std::string_view raw, std::string_view address) {
  const std::string_view want = trim(address);
  unsigned n = 0;
  std::string value;  // the current Delivered-To field, unfolded
  bool in_field = false;
  auto finish = [&] {
    if (!in_field) return;
    std::string_view v = trim(value);
    if (v.size() >= 2 && v.front() == '<' && v.back() == '>') v = trim(v.substr(1, v.size() - 2));
    if (iequals(v, want)) ++n;
    in_field = false;
    value.clear();
  };
  std::size_t pos = 0;
  while (pos < raw.size()) {
    std::size_t eol = raw.find('\n', pos);
    std::string_view line = raw.substr(pos, eol == std::string_view::npos ? std::string_view::npos : eol - pos);
    pos = eol == std::string_view::npos ? raw.size() : eol + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) break;  // end of the header section
    if (line.front() == ' ' || line.front() == '\t') {
      if (in_field) value.append(line);
      continue;
    }
    finish();
    constexpr std::string_view name = "delivered-to:";
    if (line.size() >= name.size() && iequals(line.substr(0, name.size()), name)) {
      in_field = true;
      value.assign(line.substr(name.size()));
    }
  }
  finish();
  return n;
}

std::string delivery_header(const delivery_envelope& env) {
  std::string h;
  h += "Return-Path: <" + one_line(env.sender) + ">\r\n";
  h += "Delivered-To: " + one_line(env.recipient) + "\r\n";
  if (!env.received.empty()) h += "Received: " + one_line(env.received) + "\r\n";
  return h;
}

result<delivered> deliver(account& acct, std::string_view raw, const delivery_envelope& env,
                          std::string_view folder, const delivery_options& opt) {
  if (raw.size() > opt.lim.message_size) return errc::too_large;
  if (opt.loop_limit > 0 && count_delivered_to(raw, env.recipient) >= opt.loop_limit) return errc::cannot;

  delivered out;
  std::optional<mailbox_info> box;
  if (!folder.empty() && folder != "INBOX") {
    auto m = acct.mailbox(folder);
    if (m) box = std::move(*m);
    else if (m.error() != errc::not_found) return m.error();
  }
  if (!box) {
    auto m = acct.mailbox(std::string_view("INBOX"));
    if (!m && m.error() == errc::not_found) {
      // An account made without its standard folders: INBOX at least.
      m = acct.create_mailbox("INBOX", {});
      if (!m && m.error() == errc::already_exists) m = acct.mailbox(std::string_view("INBOX"));
    }
    if (!m) return m.error();
    box = std::move(*m);
  }
  out.mailbox = box->name;

  if (opt.fault && (opt.fault->recipient.empty() || iequals(opt.fault->recipient, env.recipient)))
    return opt.fault->error;

  const std::string prefix = delivery_header(env);
  incoming_message in;
  in.raw = raw;
  in.prefix = prefix;
  in.internal_date = now_local();
  auto r = ingest(acct, box->id, std::span<const incoming_message>(&in, 1), opt.lim);
  if (!r) {
    // The folder went away between the lookup and the append: INBOX then.
    if (r.error() == errc::try_create && box->name != "INBOX")
      return deliver(acct, raw, env, {}, opt);
    return r.error();
  }
  out.appended = std::move(*r);
  return out;
}

}  // namespace cairn::store
