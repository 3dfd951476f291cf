#include "store/ingest.hpp"

#include <cstring>
#include <memory>
#include <vector>

#include "mime/message.hpp"
#include "mime/structure.hpp"
#include "store/search_text.hpp"

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
  std::vector<std::shared_ptr<const search_data>> search(msgs.size());
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
        mime::append_normalized_crlf(crlf, msgs[i].raw);
      }
      if (attempt == 1) {
        // One parse serves FETCH and SEARCH when the limits agree; SEARCH's
        // text must not depend on the configuration (search_text.hpp).
        mime::message m = mime::parse(crlf, lim);
        parsed[i] = mime::encode_structure(m);
        if (!same_search_parse(lim)) m = parse_for_search(crlf);
        if (acct.indexes_text_later()) {
          // The backend indexes the text itself, a moment later; the header
          // keys (SORT, SEARCH FROM/SUBJECT/...) go in with the message.
          search_data keys_only;
          keys_only.keys = extract_header_keys(crlf, m);
          search[i] = std::make_shared<const search_data>(std::move(keys_only));
        } else {
          search[i] = std::make_shared<const search_data>(prepare_search(crlf, m, lim.search_index_text));
        }
      }
      auto ref = acct.put_blob(crlf);
      if (!ref) return ref.error();
      batch.push_back({std::move(*ref), msgs[i].fl, msgs[i].internal_date, parsed[i], search[i]});
    }
    auto r = acct.append(box, std::move(batch));
    if (r || r.error() != errc::busy || attempt == attempts) return r;
  }
}

}  // namespace cairn::store
