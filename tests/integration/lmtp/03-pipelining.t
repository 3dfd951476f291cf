# PIPELINING (RFC 2920): a whole transaction sent at once; replies come in
# order, the message follows the 354, and the next transaction's commands
# may follow the final "." in the same packet.
@user alice secret
@conn L lmtp
< 220 {{*}}
>> LHLO client.test\r\nMAIL FROM:<s@example.org>\r\nRCPT TO:<alice>\r\nRCPT TO:<ghost>\r\nRCPT TO:<alice+x>\r\nDATA\r\n
< 250-lmtp.test
< 250-PIPELINING
< 250-ENHANCEDSTATUSCODES
< 250-8BITMIME
< 250 SIZE {{N}}
< 250 2.1.0 Ok
< 250 2.1.5 Ok
< 550 5.1.1 <ghost> User doesn't exist
< 250 2.1.5 Ok
< 354 {{*}}
>> Subject: one\r\n\r\nbody\r\n.\r\nMAIL FROM:<>\r\nRCPT TO:<alice>\r\nDATA\r\n
< 250 2.0.0 <alice> Saved
< 250 2.0.0 <alice+x> Saved
< 250 2.1.0 Ok
< 250 2.1.5 Ok
< 354 {{*}}
>> Subject: two\r\n\r\n.\r\nQUIT\r\n
< 250 2.0.0 <alice> Saved
< 221 2.0.0 lmtp.test Bye
@closed
@conn A
< * OK {{*}}
> a1 LOGIN alice secret
< a1 OK {{*}}
> a2 STATUS INBOX (MESSAGES)
< * STATUS INBOX (MESSAGES 3)
< a2 OK {{*}}
