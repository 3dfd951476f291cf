# `cairn deliver` (another process) reaches an IDLE session at once, over
# the data folder's notification socket (DESIGN.md "Other processes",
# server/notify.hpp).
@user alice secret
@conn A
< * OK {{*}}
> a1 LOGIN alice secret
< a1 OK {{*}}
> a2 SELECT INBOX
< * 0 EXISTS
<* a2 OK {{*}}
> a3 IDLE
< + idling
@deliver 0 alice Subject: from another process\n\n
< * 1 EXISTS
<* * 1 RECENT
> DONE
< a3 OK {{*}}
