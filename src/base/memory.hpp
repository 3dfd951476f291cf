#pragma once
// Giving freed memory back to the system.
//
// glibc's malloc keeps what it frees for reuse: after a burst of
// connections ends (thousands of sessions, TLS handshakes), the process
// stays at its high-water mark although almost nothing is in use (measured
// by tests/abuse: +20 MB after 3,500 connections, 1.6 MB of it in use).
// trim_free_memory() asks malloc to return the free pages of every arena
// (malloc_trim); elsewhere it does nothing.
#include <cstddef>

namespace cairn {

// Returns free heap pages to the system. Takes the allocator's locks while
// it walks the heaps (milliseconds on a large heap): call it rarely.
void trim_free_memory();

// Resident memory of this process in bytes (from /proc/self/statm), 0 if
// unknown.
std::size_t resident_bytes();

}  // namespace cairn
