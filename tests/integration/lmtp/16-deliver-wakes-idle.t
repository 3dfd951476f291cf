# `cairn deliver` (another process) reaches an IDLE session at once, over
# the data folder's notification socket (DESIGN.md "Other processes").
# PENDING(issue 6): the socket is the lead's; the hook on this side is
# server/change_forwarding.cpp. Remove the @pending line once it is on main.
@pending the notification socket of issue 6 is not on main yet
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
