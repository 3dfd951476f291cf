#include "store/ingest.hpp"

#include <cstring>

#include "mime/message.hpp"
#include "mime/structure.hpp"
#include <vector>

namespace cairn::store {

std::string parse_structure(std::string_view crlf_message, const limits& lim) {
  return mime::encode_structure(mime::parse(crlf_message, lim));
}

result<append_result> ingest(account& acct, mailbox_id box, std::span<const incoming_message> msgs,
                             const limits& lim) {
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
      std::string crlf;
      if (msgs[i].prefix.empty()) {
        crlf = mime::normalize_crlf(msgs[i].raw);
      } else {
        // Delivery's header fields, then the message, in one buffer (the
        // same conversion as normalize_crlf, applied to each).
        crlf = mime::normalize_crlf(msgs[i].prefix);
        crlf.reserve(crlf.size() + msgs[i].raw.size() + msgs[i].raw.size() / 32 + 2);
        const std::string_view raw = msgs[i].raw;
        for (std::size_t k = 0; k < raw.size(); ++k) {
          if (raw[k] == '\n' && (k == 0 || raw[k - 1] != '\r')) crlf += '\r';
          crlf += raw[k];
        }
      }
      if (attempt == 1) parsed[i] = parse_structure(crlf, lim);
      auto ref = acct.put_blob(crlf);
      if (!ref) return ref.error();
      batch.push_back({std::move(*ref), msgs[i].fl, msgs[i].internal_date, parsed[i]});
    }
    auto r = acct.append(box, std::move(batch));
    if (r || r.error() != errc::busy || attempt == attempts) return r;
  }
}

}  // namespace cairn::store
