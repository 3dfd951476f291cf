# cairn deliver: sysexits.h codes (0 delivered, 67 unknown user, 73 over
# quota, 65 unusable input), a leading mbox From_ line taken as envelope,
# --folder with INBOX as the fallback; the server's sessions see the mail.
@user alice secret
@user bob secret
@deliver 0 alice From sender@example.org Thu Nov 26 10:00:00 2026\nSubject: one\n\nbody\n
@deliver 67 nobody Subject: x\n\n
@deliver 65 alice 
@deliver 0 alice|--folder|Archive Subject: filed\n\n
@deliver 0 alice|--folder|NoSuchFolder|-f|x@example.org Subject: two\n\n
@run 0 user quota bob --messages 0
@run 0 user quota bob --messages 1
@deliver 0 bob Subject: fits\n\n
@deliver 73 bob Subject: too many\n\n
@deliver 65 alice Delivered-To: alice\nDelivered-To: alice\nDelivered-To: alice\nSubject: loop\n\n
@conn A
< * OK {{*}}
> a1 LOGIN alice secret
< a1 OK {{*}}
> a2 SELECT INBOX
< * 2 EXISTS
<* a2 OK {{*}}
> a3 FETCH 1 (BODY.PEEK[])
< * 1 FETCH (BODY[] {{*}}\r\nReturn-Path: <sender@example.org>\r\nDelivered-To: alice\r\nSubject: one\r\n\r\nbody\r\n)
< a3 OK {{*}}
> a4 FETCH 2 (BODY.PEEK[HEADER.FIELDS (Return-Path Subject)])
< * 2 FETCH (BODY[HEADER.FIELDS (RETURN-PATH SUBJECT)] {{*}}\r\nReturn-Path: <x@example.org>\r\nSubject: two\r\n\r\n)
< a4 OK {{*}}
> a5 STATUS Archive (MESSAGES)
< * STATUS Archive (MESSAGES 1)
< a5 OK {{*}}
