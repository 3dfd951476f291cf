#pragma once
// Generated mail for the benchmarks: deterministic, realistic, seeded.
//
// message(spec, index) is a pure function of (seed, profile, index): the
// same bytes for every server and every run, so both servers are loaded
// with exactly the same mail without a corpus on disk.
//
// What it looks like (see docs/benchmarks.md, "The mail"):
//  - sizes: log-normal around a median of 12 KB (sigma 1.6), clamped to
//    1 KB .. 5 MB, so about 9 % are above 100 KB and 0.3 % above 1 MB (the
//    long tail of attachments); the "small" profile (for the 100,000-message
//    mailbox) clamps to 1 KB .. 32 KB;
//  - headers as delivered mail has them: Return-Path, two Received hops,
//    DKIM-Signature (folded), Date, From/To/Cc with display names, Subject
//    (Re:/Fwd:, some RFC 2047 encoded), Message-ID, In-Reply-To/References
//    on replies, MIME-Version, Content-Type, a mailer header;
//  - bodies: text/plain (some quoted-printable UTF-8), multipart/alternative
//    with an HTML part, multipart/mixed with 1 to 3 base64 attachments (PDF,
//    JPEG, CSV, DOCX) that make up the size;
//  - CRLF line endings throughout; text wrapped at 72 columns, headers
//    folded as mailers do (some header lines reach ~110 octets).
//  - append_flags / internal_date: what the loader APPENDs with (75 % \Seen,
//    fewer among the newest; some \Answered and \Flagged; dates spread over
//    two years, increasing with the index).
#include <cstdint>
#include <string>

namespace bench {

enum class mail_profile { realistic, small };

struct mail_spec {
  std::uint64_t seed = 42;
  mail_profile profile = mail_profile::realistic;
  std::string recipient = "user000@example.org";  // To: address
  std::uint64_t count = 1000;  // messages in the mailbox: dates spread over two years by index
};

// The message with this index, CRLF-terminated lines.
std::string generate_message(const mail_spec& spec, std::uint64_t index);

// The size generate_message(spec, index) aims at (its result is within a
// few hundred bytes of it).
std::size_t target_size(const mail_spec& spec, std::uint64_t index);

// "(\Seen \Answered)" etc. for message `index` of spec.count in a mailbox.
std::string append_flags(const mail_spec& spec, std::uint64_t index);

// IMAP date-time "dd-Mon-yyyy hh:mm:ss +zzzz": when message `index` arrived
// (a little after its Date header).
std::string internal_date(const mail_spec& spec, std::uint64_t index);

}  // namespace bench
