#pragma once
// Message bodies as files, content-addressed by SHA-256 under one account's
// blobs/ folder: blobs/ab/cdef... (the first two hex digits name a
// subfolder, so no folder grows past a few thousand entries per million
// messages). Knows nothing of reference counts: the account's database
// decides when a file may go (see account.cpp, "blob lifetime").
//
// Durability (DESIGN.md): put() writes a temporary file in the target
// subfolder, fsyncs it, renames it into place and fsyncs the subfolder (and
// blobs/ when the subfolder is new) before it returns. A crash leaves at most
// a "tmp.*" file behind, which `cairn check` removes.
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "base/result.hpp"
#include "store/types.hpp"

namespace cairn::store::sqlite {

// SHA-256 of `bytes`, 64 lower-case hex digits.
std::string sha256_hex(std::string_view bytes);
// True for exactly 64 lower-case hex digits: the only hashes that may become
// a path.
bool valid_hash(std::string_view hex);
// 64 hex digits <-> 32 bytes (as stored in the database). from_hex expects
// valid_hash().
std::string hash_to_bytes(std::string_view hex);
std::string hash_from_bytes(std::string_view bytes);

class blob_files {
 public:
  explicit blob_files(std::filesystem::path dir) : dir_(std::move(dir)) {}

  // Stores `bytes` durably; if the same content is already there, only makes
  // sure its folder entry is durable. disk_full or io_error.
  result<blob_ref> put(std::string_view bytes);
  // Up to `max` bytes from `offset`. not_found for an invalid hash,
  // corrupted when the file is missing, io_error.
  result<std::string> read(std::string_view hash, std::uint64_t offset, std::size_t max) const;
  // Size of the stored file, or not_found when it is not there.
  result<std::uint64_t> size_of(std::string_view hash) const;
  // Unlinks the file; a file already gone is fine.
  void remove(std::string_view hash) const;

  std::filesystem::path path_of(std::string_view hash) const;

 private:
  std::filesystem::path dir_;
};

}  // namespace cairn::store::sqlite
