#include "protocol/receiver.hpp"

#include <algorithm>

namespace cairn::proto {
namespace {

bool is_tag_char(unsigned char c) {
  // tag = 1*<any ASTRING-CHAR except "+">
  if (c <= 0x1f || c >= 0x7f) return false;
  switch (c) {
    case '(': case ')': case '{': case ' ': case '%': case '*': case '"': case '\\': case '+':
      return false;
    default:
      return true;
  }
}

struct literal_marker {
  bool found = false;
  bool nonsync = false;
  bool binary = false;
  std::uint64_t size = 0;   // saturates at UINT64_MAX
  std::size_t start = 0;    // offset of '{' (or '~') within the line
};

// Does `line` (without its line ending) end with "{n}", "{n+}" or "~{n}"?
literal_marker find_literal(std::string_view line) {
  literal_marker m;
  if (line.empty() || line.back() != '}') return m;
  std::size_t end = line.size() - 1;  // at '}'
  std::size_t i = end;
  if (i > 0 && line[i - 1] == '+') {
    m.nonsync = true;
    --i;
  }
  std::size_t digits_end = i;
  while (i > 0 && line[i - 1] >= '0' && line[i - 1] <= '9') --i;
  if (i == digits_end || i == 0 || line[i - 1] != '{') return {};
  std::uint64_t n = 0;
  for (std::size_t k = i; k < digits_end; ++k) {
    unsigned d = static_cast<unsigned>(line[k] - '0');
    if (n > (UINT64_MAX - d) / 10) {
      n = UINT64_MAX;
      break;
    }
    n = n * 10 + d;
  }
  m.start = i - 1;
  if (m.start > 0 && line[m.start - 1] == '~') {
    m.binary = true;
    --m.start;
  }
  m.found = true;
  m.size = n;
  return m;
}

bool starts_with_append(std::string_view cmd) {
  // "tag SP APPEND" (case-insensitive); the tag ends at the first space.
  std::size_t sp = cmd.find(' ');
  if (sp == std::string_view::npos) return false;
  std::string_view rest = cmd.substr(sp + 1);
  constexpr std::string_view word = "APPEND";
  if (rest.size() < word.size() + 1) return false;
  for (std::size_t k = 0; k < word.size(); ++k)
    if ((rest[k] & ~0x20) != word[k]) return false;
  return rest[word.size()] == ' ';
}

}  // namespace

std::string_view tag_of(std::string_view command) {
  std::size_t n = 0;
  while (n < command.size() && is_tag_char(static_cast<unsigned char>(command[n]))) ++n;
  if (n == 0 || (n < command.size() && command[n] != ' ' && command[n] != '\r' && command[n] != '\n'))
    return "*";
  return command.substr(0, n);
}

receiver::receiver(receiver_limits limits) : limits_(limits) {}

std::string receiver::take_command() {
  std::string out = std::move(cmd_);
  cmd_ = std::string();
  line_start_ = 0;
  counted_ = 0;
  is_append_ = false;
  append_bytes_ = 0;
  kind_known_ = false;
  return out;
}

receiver_event receiver::fail(bool fatal, std::string code, std::string text, const char* what) {
  error_.tag = std::string(tag_of(cmd_));
  error_.fatal = fatal;
  error_.code = std::move(code);
  error_.text = std::move(text);
  error_.what = what;
  (void)take_command();
  state_ = state::line;
  literal_left_ = 0;
  discarding_ = false;
  discarded_ = 0;
  tail_.clear();
  return receiver_event::error;
}

receiver_event receiver::finish_discard() {
  error_ = pending_;
  discarding_ = false;
  discarded_ = 0;
  tail_.clear();
  state_ = state::line;
  (void)take_command();
  return receiver_event::error;
}

void receiver::note_command_kind() {
  if (kind_known_) return;
  kind_known_ = true;
  is_append_ = limits_.append_literals && starts_with_append(cmd_);
}

std::size_t receiver::max_skip() const {
  // Before login (append_literals off) nothing legitimate is longer than
  // max_command, so skipping more is only reading an attacker's bytes: an
  // endless line or a large literal+ there ends the connection after
  // about 2 x max_command bytes instead of max_message (issue 11; RFC 7888
  // section 4 leaves closing the connection to the server).
  return limits_.append_literals ? limits_.max_message : limits_.max_command;
}

std::size_t receiver::budget_for_literal() const {
  if (is_append_) return append_bytes_ >= limits_.max_message ? 0 : limits_.max_message - append_bytes_;
  return counted_ >= limits_.max_command ? 0 : limits_.max_command - counted_;
}

receiver_event receiver::end_of_line() {
  // cmd_[line_start_..] holds the line including its '\n'.
  cmd_.pop_back();
  if (cmd_.size() > line_start_ && cmd_.back() == '\r') cmd_.pop_back();
  std::string_view line(cmd_.data() + line_start_, cmd_.size() - line_start_);
  literal_marker lit = find_literal(line);
  if (!lit.found) {
    // A complete command. An empty line is not a command: ignore it
    // (clients sometimes send a stray CRLF after a literal).
    if (cmd_.empty()) {
      counted_ = 0;
      line_start_ = 0;
      return receiver_event::need_more;
    }
    return receiver_event::command;
  }
  note_command_kind();
  // literal8 (RFC 3516) is APPEND data only: any other command is refused
  // before "+", as for a literal too large.
  if (lit.binary && !(limits_.literal8 && is_append_)) {
    if (!lit.nonsync) return fail(false, "", "literal8 (~{n}) is not allowed here", "literal8");
    if (lit.size > max_skip()) return fail(true, "", "literal8 not allowed, closing", "literal8");
    pending_ = {std::string(tag_of(cmd_)), false, "", "literal8 (~{n}) is not allowed here", "literal8"};
  } else if (lit.size > budget_for_literal()) {
    const bool append = is_append_;
    std::string text = append ? "Message too large" : "Literal too large for this command";
    std::string code = append ? "TOOBIG" : "";
    if (!lit.nonsync) return fail(false, code, text, "literal");  // before "+": the client drops it
    if (lit.size > max_skip()) return fail(true, code, text + ", closing", "literal");
    pending_ = {std::string(tag_of(cmd_)), false, code, text, "literal"};
  } else {
    if (is_append_) append_bytes_ += static_cast<std::size_t>(lit.size);
    else counted_ += static_cast<std::size_t>(lit.size);
    cmd_ += "\r\n";
    state_ = state::literal;
    literal_left_ = static_cast<std::size_t>(lit.size);
    if (literal_left_ == 0) {
      state_ = state::line;
      line_start_ = cmd_.size();
    }
    return lit.nonsync ? receiver_event::need_more : receiver_event::continuation;
  }
  // Refused non-synchronizing literal: skip its bytes and the rest of the
  // command, then answer.
  discarding_ = true;
  discarded_ = 0;
  tail_.clear();
  cmd_.clear();
  state_ = state::literal;
  literal_left_ = static_cast<std::size_t>(lit.size);
  if (literal_left_ == 0) state_ = state::line;
  return receiver_event::need_more;
}

receiver_event receiver::feed(std::string_view& in) {
  while (!in.empty()) {
    if (state_ == state::literal) {
      std::size_t take = std::min(literal_left_, in.size());
      if (discarding_) discarded_ += take;
      else cmd_.append(in.data(), take);
      in.remove_prefix(take);
      literal_left_ -= take;
      if (literal_left_ == 0) {
        state_ = state::line;
        line_start_ = cmd_.size();
      }
      continue;
    }

    std::size_t lf = in.find('\n');
    std::string_view chunk = lf == std::string_view::npos ? in : in.substr(0, lf + 1);

    if (discarding_) {
      discarded_ += chunk.size();
      tail_.append(chunk);
      if (tail_.size() > 64) tail_.erase(0, tail_.size() - 64);
      in.remove_prefix(chunk.size());
      if (discarded_ > max_skip() + limits_.max_command) {
        pending_.fatal = true;
        pending_.text += ", closing";
        return finish_discard();
      }
      if (lf == std::string_view::npos) return receiver_event::need_more;
      // The skipped line ends here. A non-synchronizing literal after it is
      // on its way and must be skipped too; at a synchronizing one the
      // client waits for "+", so answer now.
      tail_.pop_back();
      if (!tail_.empty() && tail_.back() == '\r') tail_.pop_back();
      literal_marker lit = find_literal(tail_);
      tail_.clear();
      if (lit.found && lit.nonsync) {
        if (lit.size > max_skip()) {
          pending_.fatal = true;
          pending_.text += ", closing";
          return finish_discard();
        }
        state_ = state::literal;
        literal_left_ = static_cast<std::size_t>(lit.size);
        if (literal_left_ == 0) state_ = state::line;
        continue;
      }
      return finish_discard();
    }

    // Normal line bytes count against the command limit (APPEND too: only
    // its literals may be large).
    if (counted_ + chunk.size() > limits_.max_command + 2) {
      // Too long: keep the tag for the answer, skip to the end of the line.
      note_command_kind();
      // The tag may straddle what was kept and this chunk; look at both.
      // A tag of max_tag bytes or more is answered untagged: what is in
      // hand here depends on how the input was split, but it always holds
      // more than max_command bytes, so every split sees the same tag.
      const std::size_t max_tag = std::min<std::size_t>(64, limits_.max_command);
      std::string head = cmd_.substr(0, 256);
      head.append(chunk.substr(0, 256));
      std::string_view tag = tag_of(head);
      if (tag.size() >= max_tag) tag = "*";
      pending_ = {std::string(tag), false, "", "Command line too long", "line"};
      discarding_ = true;
      discarded_ = cmd_.size() - line_start_;
      // The line's last bytes so far may hold the start of a literal
      // marker ("{3+}" before this chunk's CRLF): keep them for the check
      // at the line's end, or the literal's data would be read as commands
      // when the input happens to be split here (found by fuzz_receiver).
      tail_.assign(cmd_, cmd_.size() - std::min<std::size_t>(64, discarded_), std::string::npos);
      cmd_.clear();
      continue;  // the same bytes are now skipped by the discarding branch
    }
    counted_ += chunk.size();
    cmd_.append(chunk);
    in.remove_prefix(chunk.size());
    if (lf == std::string_view::npos) return receiver_event::need_more;
    receiver_event ev = end_of_line();
    if (ev != receiver_event::need_more) return ev;
  }
  return receiver_event::need_more;
}

}  // namespace cairn::proto
