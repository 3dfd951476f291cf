#include "store/ingest.hpp"

#include <cstring>
#include <vector>

namespace cairn::store {

bool is_crlf(std::string_view s) noexcept {
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\r') {
      if (i + 1 == s.size() || s[i + 1] != '\n') return false;
      ++i;  // skip the LF of this CRLF
    } else if (s[i] == '\n') {
      return false;  // an LF not after CR (a CRLF's LF was skipped above)
    }
  }
  return true;
}

std::string to_crlf(std::string_view s) {
  if (is_crlf(s)) return std::string(s);
  std::string out;
  out.reserve(s.size() + s.size() / 16 + 2);
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '\r') {
      out += "\r\n";
      if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
    } else if (c == '\n') {
      out += "\r\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string parse_structure(std::string_view) {
  // HOOK(mime): call the MIME parser here once src/mime/ exists, e.g.
  //   return mime::serialize(mime::parse(crlf_message, limits));
  return {};
}

result<append_result> ingest(account& acct, mailbox_id box, std::span<const incoming_message> msgs) {
  // Three attempts: a retry is needed only when a purge in this or another
  // process collected an identical blob between put_blob and append.
  constexpr int attempts = 3;
  std::vector<std::string> parsed(msgs.size());
  for (int attempt = 1;; ++attempt) {
    std::vector<new_message> batch;
    batch.reserve(msgs.size());
    for (std::size_t i = 0; i < msgs.size(); ++i) {
      // One converted copy at a time: a batch of large messages does not
      // hold every copy at once.
      const std::string crlf = to_crlf(msgs[i].raw);
      if (attempt == 1) parsed[i] = parse_structure(crlf);
      auto ref = acct.put_blob(crlf);
      if (!ref) return ref.error();
      batch.push_back({std::move(*ref), msgs[i].fl, msgs[i].internal_date, parsed[i]});
    }
    auto r = acct.append(box, std::move(batch));
    if (r || r.error() != errc::busy || attempt == attempts) return r;
  }
}

}  // namespace cairn::store
