// fuzz-deps: cairn_store
// The mbox splitter (store/mbox.hpp): any bytes split without a crash into
// messages no larger than the limit; and any message written by
// append_mbox_message reads back as itself.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "store/mbox.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  const std::size_t limit = 4096;
  std::size_t count = 0;
  cairn::store::split_mbox(in, size % 2 ? cairn::store::mbox_escaping::mboxrd : cairn::store::mbox_escaping::mboxo,
                           limit, [&](cairn::store::mbox_message&& m) {
                             if (m.data.size() > limit) std::abort();
                             if (m.offset > in.size()) std::abort();
                             return ++count < 10000;
                           });
  (void)cairn::store::parse_from_line_date(in);

  // Round trip: the input as one message (made CRLF, as stored).
  std::string crlf;
  for (std::size_t i = 0; i < in.size() && i < limit; ++i) {
    if (in[i] == '\n' && (i == 0 || in[i - 1] != '\r')) crlf += '\r';
    crlf += in[i];
  }
  // mbox is a file of LF-terminated lines: a bare CR right before a line
  // end (or at the very end) cannot be told from a CRLF ending there.
  if (crlf.empty() || crlf.back() == '\r' || crlf.find("\r\r\n") != std::string::npos) return 0;
  cairn::store::flags fl{static_cast<std::uint8_t>(size & 31), {}};
  std::string out;
  cairn::store::append_mbox_message(out, crlf, fl, {1700000000, static_cast<std::int32_t>(size % 1000) - 500});
  std::vector<cairn::store::mbox_message> back;
  if (!cairn::store::split_mbox(out, cairn::store::mbox_escaping::mboxrd, 1 << 20, [&](cairn::store::mbox_message&& m) {
        back.push_back(std::move(m));
        return true;
      }))
    std::abort();
  if (back.size() != 1) std::abort();
  std::string again;
  for (std::size_t i = 0; i < back[0].data.size(); ++i) {
    if (back[0].data[i] == '\n' && (i == 0 || back[0].data[i - 1] != '\r')) again += '\r';
    again += back[0].data[i];
  }
  std::string want = crlf;
  if (want.back() != '\n') want += "\r\n";
  // Fields that hold mbox state are mbox's: a message carrying its own
  // Status or X-Keywords fields does not come back byte for byte.
  bool has_state = false;
  {
    // The same test as the reader's: the name before a colon, spaces and
    // tabs before the colon allowed, in any case.
    std::size_t at = 0;
    while (at < want.size()) {
      std::size_t nl = want.find('\n', at);
      std::string line = want.substr(at, nl == std::string::npos ? std::string::npos : nl - at);
      at = nl == std::string::npos ? want.size() : nl + 1;
      auto colon = line.find(':');
      if (colon == std::string::npos) continue;
      std::string name = line.substr(0, colon);
      while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.pop_back();
      for (char& c : name)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      for (const char* f : {"status", "x-status", "x-keywords", "x-uid", "x-imap", "x-imapbase", "content-length"})
        has_state = has_state || name == f;
    }
  }
  if (!has_state && again != want) std::abort();
  return 0;
}
