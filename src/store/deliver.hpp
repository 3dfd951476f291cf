#pragma once
// Final delivery of one message to one account: what LMTP (src/lmtp) and
// `cairn deliver` share, on top of the one ingest path (ingest.hpp).
//
// What it does, as other local delivery agents do (Dovecot's LDA and LMTP,
// Postfix's local(8)):
//  - refuses a mail loop: a message whose header already holds
//    `loop_limit` Delivered-To fields naming this recipient;
//  - puts Return-Path (the envelope sender, "<>" for none), Delivered-To
//    (the recipient address) and, when given, a Received field in front of
//    the message (RFC 5321 section 4.4);
//  - stores it, with the time of arrival as INTERNALDATE and no flags, in
//    the requested folder when that exists, else in INBOX (created if the
//    account has none): a missing folder never loses mail.
// Returns once the copy is durable (ingest). Blocking: call from a worker.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/limits.hpp"
#include "base/result.hpp"
#include "store/store.hpp"

namespace cairn::store {

struct delivery_envelope {
  std::string sender;     // MAIL FROM's address; empty for the null sender <>
  std::string recipient;  // the address as given (RCPT TO, deliver's USER)
  // A Received field's value (without "Received: "), or empty for none.
  std::string received;
};

// A test-only fault (CAIRN_TEST_DELIVERY_FAULT, see docs/delivery.md):
// deliveries to `recipient` (any, when empty) fail with `error` just before
// the message would be stored. Never set outside tests.
struct delivery_fault {
  std::string recipient;
  errc error = errc::io_error;
};

struct delivery_options {
  // delivery.loop_limit: refuse when this many Delivered-To fields for the
  // recipient are already there. 0 turns the check off.
  unsigned loop_limit = 3;
  cairn::limits lim;
  std::optional<delivery_fault> fault;
};

struct delivered {
  std::string mailbox;      // where the message went
  append_result appended;
};

// `folder`: the mailbox asked for (a detail, `cairn deliver --folder`),
// empty for INBOX. Errors: cannot (a mail loop), too_large (past
// lim.message_size), over_quota, disk_full, and the ingest path's others.
result<delivered> deliver(account& acct, std::string_view raw, const delivery_envelope& env,
                          std::string_view folder, const delivery_options& opt);

// How many Delivered-To fields of `raw`'s header name `address`
// (ASCII case-insensitive, surrounding spaces and <> ignored). Pure.
unsigned count_delivered_to(std::string_view raw, std::string_view address);

// The fields deliver() puts in front of the message, CRLF-terminated.
std::string delivery_header(const delivery_envelope& env);

}  // namespace cairn::store
