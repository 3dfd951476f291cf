#!/usr/bin/env python3
"""Writes the MIME test corpus tests/data/mime/NNN-name.eml (CRLF) and, for
most messages, NNN-name-lf.eml (the same with bare LF). The messages are
written out byte for byte here so that they can be reviewed and regenerated;
run it by hand, then tests/tools/gen_mime_expected.py for the expectations.
"""
import base64
import os

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "mime")
B64 = lambda b: "\n".join(base64.b64encode(b).decode()[i:i + 76]
                          for i in range(0, len(base64.b64encode(b)), 76))
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
                    "0000000d49444154789c6360f8cfc0000003010100c9fe92ef0000000049454e44ae426082")
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n" * 8

M = {}

M["001-plain"] = """\
Return-Path: <alice@example.org>
Received: from mx.example.org (mx.example.org [192.0.2.1])
	by imap.example.net with LMTP id 7x; Tue, 03 Sep 2024 10:11:12 +0200
From: Alice Example <alice@example.org>
To: Bob <bob@example.net>
Subject: Lunch on Friday?
Date: Tue, 3 Sep 2024 10:11:09 +0200
Message-ID: <20240903101109.1234@example.org>
MIME-Version: 1.0
Content-Type: text/plain; charset=us-ascii
Content-Transfer-Encoding: 7bit

Hi Bob,

are you free for lunch on Friday?

Alice
"""

M["002-utf8-8bit"] = """\
From: =?UTF-8?Q?J=C3=BCrgen_M=C3=BCller?= <juergen@example.de>
To: =?utf-8?B?w4lsb2TDqWU=?= <elodee@example.fr>
Subject: =?UTF-8?B?R3LDvMOfZSBhdXMgTcO8bmNoZW4g8J+Ruw==?=
Date: Wed, 04 Sep 2024 08:00:00 +0000
Message-ID: <abc.123@example.de>
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"; format=flowed
Content-Transfer-Encoding: 8bit

Grüße aus München! Schöne Grüße 🍻
Ça va très bien.
"""

M["003-html-qp"] = """\
From: Newsletter <news@shop.example>
To: customer@example.com
Subject: Our autumn sale
Date: Thu, 5 Sep 2024 07:30:00 -0400
Message-ID: <news-2024-09@shop.example>
MIME-Version: 1.0
Content-Type: text/html; charset="iso-8859-1"
Content-Transfer-Encoding: quoted-printable

<html><body><p>Sch=F6ne Preise =E0 la carte &mdash; 20% off everything in o=
ur store.</p>=20
<p style=3D"color:red">Offer ends Sunday.</p></body></html>
"""

M["004-alternative"] = """\
From: "Carol, Accounting" <carol@corp.example>
To: team@corp.example
Subject: Q3 numbers
Date: Fri, 6 Sep 2024 16:45:01 +0100
Message-ID: <CAF=abc@mail.gmail.com>
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="000000000000a1b2c3d4e5f60718"

--000000000000a1b2c3d4e5f60718
Content-Type: text/plain; charset="UTF-8"

Numbers are in. Revenue up 4%.

--000000000000a1b2c3d4e5f60718
Content-Type: text/html; charset="UTF-8"

<div dir="ltr">Numbers are in. Revenue up <b>4%</b>.</div>

--000000000000a1b2c3d4e5f60718--
"""

M["005-mixed-alt-attachment"] = """\
From: Dave <dave@example.com>
To: Erin <erin@example.com>
Cc: Frank <frank@example.com>, grace@example.com
Subject: Contract draft
Date: Mon, 9 Sep 2024 09:00:00 +0200
Message-ID: <contract-1@example.com>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="------------mixed0123456789"

This is a multi-part message in MIME format.
--------------mixed0123456789
Content-Type: multipart/alternative;
 boundary="------------alt0123456789"

--------------alt0123456789
Content-Type: text/plain; charset=UTF-8; format=flowed
Content-Transfer-Encoding: 7bit

Please find the draft attached.

--------------alt0123456789
Content-Type: text/html; charset=UTF-8
Content-Transfer-Encoding: 7bit

<html><body>Please find the draft attached.</body></html>

--------------alt0123456789--

--------------mixed0123456789
Content-Type: application/pdf; name="contract draft.pdf"
Content-Disposition: attachment; filename="contract draft.pdf"
Content-Transfer-Encoding: base64

""" + B64(PDF) + """

--------------mixed0123456789--
"""

M["006-related-inline-images"] = """\
From: Heidi <heidi@example.org>
To: Ivan <ivan@example.org>
Subject: Photos from the trip
Date: Tue, 10 Sep 2024 20:02:03 +0200
Message-ID: <trip-photos@example.org>
MIME-Version: 1.0
Content-Type: multipart/alternative;
 boundary="------------ALT"

--------------ALT
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: 7bit

Two pictures.

--------------ALT
Content-Type: multipart/related;
 boundary="------------REL"

--------------REL
Content-Type: text/html; charset=UTF-8
Content-Transfer-Encoding: 7bit

<html><body><img src="cid:part1.abc@example.org"><img src="cid:part2.abc@example.org"></body></html>

--------------REL
Content-Type: image/png; name="a.png"
Content-Disposition: inline; filename="a.png"
Content-Id: <part1.abc@example.org>
Content-Transfer-Encoding: base64

""" + B64(PNG) + """
--------------REL
Content-Type: image/png; name="b.png"
Content-Disposition: inline; filename="b.png"
Content-Id: <part2.abc@example.org>
Content-Transfer-Encoding: base64

""" + B64(PNG) + """

--------------REL--

--------------ALT--
"""

M["007-forward-rfc822"] = """\
From: Judy <judy@example.net>
To: Ken <ken@example.net>
Subject: Fwd: Contract draft
Date: Wed, 11 Sep 2024 11:11:11 +0000
Message-ID: <fwd-1@example.net>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="outer-fwd"

--outer-fwd
Content-Type: text/plain; charset=us-ascii

See below.

--outer-fwd
Content-Type: message/rfc822; name="Contract draft.eml"
Content-Disposition: attachment; filename="Contract draft.eml"

From: Dave <dave@example.com>
To: Erin <erin@example.com>
Subject: Contract draft
Date: Mon, 9 Sep 2024 09:00:00 +0200
Message-ID: <contract-1@example.com>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="inner-mixed"

--inner-mixed
Content-Type: text/plain; charset=UTF-8

Please find the draft attached.

--inner-mixed
Content-Type: application/pdf; name="draft.pdf"
Content-Disposition: attachment; filename="draft.pdf"
Content-Transfer-Encoding: base64

""" + B64(PDF[:200]) + """
--inner-mixed--

--outer-fwd--
"""

M["008-calendar-invite"] = """\
From: Laura <laura@example.com>
To: Mallory <mallory@example.com>
Subject: Invitation: Planning @ Thu 12 Sep 2024 14:00 - 15:00 (CEST)
Date: Thu, 12 Sep 2024 08:00:00 +0000
Message-ID: <invite-77@example.com>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="000000000000cal1"

--000000000000cal1
Content-Type: multipart/alternative; boundary="000000000000cal2"

--000000000000cal2
Content-Type: text/plain; charset="UTF-8"; format=flowed; delsp=yes

You have been invited to Planning.

--000000000000cal2
Content-Type: text/calendar; charset="UTF-8"; method=REQUEST
Content-Transfer-Encoding: 7bit

BEGIN:VCALENDAR
PRODID:-//Example//Calendar 1.0//EN
VERSION:2.0
METHOD:REQUEST
BEGIN:VEVENT
DTSTART:20240912T120000Z
DTEND:20240912T130000Z
UID:planning-77@example.com
SUMMARY:Planning
END:VEVENT
END:VCALENDAR

--000000000000cal2--

--000000000000cal1
Content-Type: application/ics; name="invite.ics"
Content-Disposition: attachment; filename="invite.ics"
Content-Transfer-Encoding: base64

""" + B64(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n") + """
--000000000000cal1--
"""

M["009-smime-signed"] = """\
From: Niaj <niaj@example.org>
To: Olivia <olivia@example.org>
Subject: Signed message
Date: Fri, 13 Sep 2024 13:13:13 +0200
Message-ID: <signed-1@example.org>
MIME-Version: 1.0
Content-Type: multipart/signed; protocol="application/pkcs7-signature"; micalg=sha-256;
 boundary="------------ms010203040506070809"

This is a cryptographically signed message in MIME format.

--------------ms010203040506070809
Content-Type: text/plain; charset=UTF-8; format=flowed
Content-Transfer-Encoding: 7bit

This message is signed.

--------------ms010203040506070809
Content-Type: application/pkcs7-signature; name="smime.p7s"
Content-Transfer-Encoding: base64
Content-Disposition: attachment; filename="smime.p7s"
Content-Description: S/MIME Cryptographic Signature

""" + B64(bytes(range(256)) * 3) + """

--------------ms010203040506070809--
"""

M["010-smime-encrypted"] = """\
From: Olivia <olivia@example.org>
To: Niaj <niaj@example.org>
Subject: Encrypted
Date: Fri, 13 Sep 2024 14:00:00 +0200
Message-ID: <enc-1@example.org>
MIME-Version: 1.0
Content-Type: application/pkcs7-mime; name="smime.p7m"; smime-type=enveloped-data
Content-Transfer-Encoding: base64
Content-Disposition: attachment; filename="smime.p7m"
Content-Description: S/MIME Encrypted Message

""" + B64(bytes(reversed(range(256))) * 4) + """
"""

M["011-pgp-signed"] = """\
From: Peggy <peggy@example.net>
To: Rupert <rupert@example.net>
Subject: PGP signed
Date: Sat, 14 Sep 2024 09:09:09 -0700
Message-ID: <pgp-signed@example.net>
MIME-Version: 1.0
Content-Type: multipart/signed; micalg=pgp-sha256;
 protocol="application/pgp-signature";
 boundary="pgp-sig-boundary"

--pgp-sig-boundary
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

Signed text with a long line that needs a soft break because it goes on =
and on.

--pgp-sig-boundary
Content-Type: application/pgp-signature; name="signature.asc"
Content-Description: OpenPGP digital signature
Content-Disposition: attachment; filename="signature.asc"

-----BEGIN PGP SIGNATURE-----

iQEzBAEBCAAdFiEEexampleexampleexampleexampleexampleAAoJEexample
=abcd
-----END PGP SIGNATURE-----

--pgp-sig-boundary--
"""

M["012-pgp-encrypted"] = """\
From: Rupert <rupert@example.net>
To: Peggy <peggy@example.net>
Subject: ...
Date: Sat, 14 Sep 2024 10:00:00 -0700
Message-ID: <pgp-enc@example.net>
MIME-Version: 1.0
Content-Type: multipart/encrypted; protocol="application/pgp-encrypted";
 boundary="enc-boundary"

This is an OpenPGP/MIME encrypted message (RFC 4880 and 3156)
--enc-boundary
Content-Type: application/pgp-encrypted
Content-Description: PGP/MIME version identification

Version: 1

--enc-boundary
Content-Type: application/octet-stream; name="encrypted.asc"
Content-Description: OpenPGP encrypted message
Content-Disposition: inline; filename="encrypted.asc"

-----BEGIN PGP MESSAGE-----

hQEMAexampleexampleexampleexample
=wxyz
-----END PGP MESSAGE-----

--enc-boundary--
"""

M["013-2047-charsets"] = """\
From: =?ISO-2022-JP?B?GyRCOzNFRBsoQiAbJEJCQE86GyhC?= <taro@example.jp>
To: =?KOI8-R?B?6dfBzg==?= <ivan@example.ru>, =?GB2312?B?1cXI/Q==?= <zhang@example.cn>
Cc: =?Shift_JIS?B?k4yLng==?= <tokyo@example.jp>, =?windows-1252?Q?Fran=E7ois?= <fr@example.fr>
Subject: =?ISO-2022-JP?B?GyRCJUYlOSVIGyhC?= =?UTF-8?Q?_und_=C3=BCberall?=
Date: Sun, 15 Sep 2024 12:00:00 +0900
Message-ID: <charsets@example.jp>
MIME-Version: 1.0
Content-Type: text/plain; charset=ISO-2022-JP
Content-Transfer-Encoding: 7bit

\x1b$B$3$s$K$A$O\x1b(B
"""

M["014-2231-params"] = """\
From: Sybil <sybil@example.com>
To: Trent <trent@example.com>
Subject: Files with long names
Date: Mon, 16 Sep 2024 08:08:08 +0000
Message-ID: <2231@example.com>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="b2231"

--b2231
Content-Type: text/plain; charset=us-ascii

Two files.

--b2231
Content-Type: application/octet-stream;
 name*=UTF-8''%E2%82%AC%20rates.txt
Content-Disposition: attachment;
 filename*0*=UTF-8''%E2%82%AC%20rates%20for;
 filename*1*=%20the%20whole%20year;
 filename*2=".txt"
Content-Transfer-Encoding: base64

""" + B64(b"EUR 1.00\n") + """
--b2231
Content-Type: text/plain; charset=iso-8859-1;
 name*0="a very long file name that ";
 name*1="goes on.txt"
Content-Disposition: attachment; filename*=iso-8859-1'de'Gr%FC%DFe.txt
Content-Language: de

Gruesse

--b2231--
"""

M["015-long-folded-headers"] = ("""\
From: Victor <victor@example.org>
To: a1@example.org, a2@example.org, a3@example.org, a4@example.org,
 a5@example.org, a6@example.org, "Seven, Number" <a7@example.org>,
	a8@example.org
Subject: This is a rather long subject line that has been folded by the
 sending mail client because it was longer than seventy-eight characters
Date: Tue, 17 Sep 2024 17:17:17 +0200
Message-ID:
 <very-long-message-id-that-was-folded@example.org>
In-Reply-To: <parent@example.org>
References: """ + "\n ".join("<ref%d@example.org>" % i for i in range(40)) + """
X-Long: """ + ("x" * 3000) + """
MIME-Version: 1.0
Content-Type: text/plain; charset=us-ascii

Body.
""")

M["016-group-addresses"] = """\
From: Walter <walter@example.com>
To: undisclosed-recipients:;
Cc: Project Team: alice@example.com, "Bob B." <bob@example.com>;, carol@example.com
Bcc: Empty Group: ;
Reply-To: "Walter (work)" <walter@work.example>
Sender: secretary@example.com (The Secretary)
Subject: Group addresses
Date: Wed, 18 Sep 2024 10:00:00 -0500
Message-ID: <groups@example.com>

Body.
"""

M["017-empty-parts"] = """\
From: Xavier <x@example.com>
To: y@example.com
Subject: Empty parts
Date: Thu, 19 Sep 2024 00:00:00 +0000
Message-ID: <empty-parts@example.com>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="EMPTY"

--EMPTY
Content-Type: text/plain

--EMPTY
Content-Type: application/octet-stream; name="empty.bin"
Content-Transfer-Encoding: base64

--EMPTY

--EMPTY
Content-Type: multipart/alternative; boundary="INNER"

--INNER--
--EMPTY--
"""

M["018-rfc822-in-rfc822"] = """\
From: Yolanda <yolanda@example.net>
To: Zed <zed@example.net>
Subject: Fwd: Fwd: hello
Date: Fri, 20 Sep 2024 20:20:20 +0200
Message-ID: <fwdfwd@example.net>
MIME-Version: 1.0
Content-Type: message/rfc822

From: Xavier <x@example.com>
To: Yolanda <yolanda@example.net>
Subject: Fwd: hello
Date: Fri, 20 Sep 2024 19:00:00 +0200
MIME-Version: 1.0
Content-Type: message/rfc822

From: Original <orig@example.org>
Subject: hello
Date: Fri, 20 Sep 2024 18:00:00 +0200

Hello there.
"""

M["019-digest"] = """\
From: list-request@lists.example.org
To: list@lists.example.org
Subject: List Digest, Vol 12, Issue 3
Date: Sat, 21 Sep 2024 06:00:00 +0000
Message-ID: <digest-12-3@lists.example.org>
MIME-Version: 1.0
Content-Type: multipart/digest; boundary="==digest=="

Today's topics.

--==digest==

From: a@example.org
Subject: First post
Date: Fri, 20 Sep 2024 01:00:00 +0000

First.

--==digest==
Content-Type: text/plain

Not a message, a text part.
--==digest==

From: b@example.org
Subject: Second post

Second.

--==digest==--

Footer text.
"""

M["020-bounce-report"] = """\
From: Mail Delivery System <MAILER-DAEMON@mx.example.com>
To: sender@example.org
Subject: Undelivered Mail Returned to Sender
Date: Sun, 22 Sep 2024 03:03:03 +0000
Message-ID: <bounce-1@mx.example.com>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
	boundary="BOUNCE.1727000000/mx.example.com"
Auto-Submitted: auto-replied

This is a MIME-encapsulated message.

--BOUNCE.1727000000/mx.example.com
Content-Description: Notification
Content-Type: text/plain; charset=us-ascii

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients.

--BOUNCE.1727000000/mx.example.com
Content-Description: Delivery report
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.com
Arrival-Date: Sun, 22 Sep 2024 03:03:00 +0000

Final-Recipient: rfc822; nobody@example.com
Action: failed
Status: 5.1.1

--BOUNCE.1727000000/mx.example.com
Content-Description: Undelivered Message Headers
Content-Type: text/rfc822-headers

From: sender@example.org
To: nobody@example.com
Subject: hello

--BOUNCE.1727000000/mx.example.com--
"""

M["021-content-extension-fields"] = """\
From: ext@example.com
To: ext@example.com
Subject: Every Content-* field
Date: Mon, 23 Sep 2024 12:00:00 +0000
Message-ID: <ext@example.com>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="EXT"
Content-Language: en, de-CH
Content-Location: http://example.com/whole

--EXT
Content-Type: text/plain; charset="us-ascii"; format=fixed
Content-ID: <text@example.com>
Content-Description: The text part
Content-MD5: Q2hlY2sgSW50ZWdyaXR5IQ==
Content-Disposition: inline; filename="text.txt"; size=5;
 creation-date="Mon, 23 Sep 2024 12:00:00 +0000"
Content-Language: en-GB
Content-Location: text.txt

text

--EXT
Content-Type: image/png
Content-Transfer-Encoding: BASE64
Content-Disposition: attachment
Content-Description: a picture
 folded over two lines

""" + B64(PNG) + """
--EXT--
"""

M["022-8bit-headers"] = """\
From: Jörg Ünlü <joerg@example.de>
To: "Zoë" <zoe@example.com>
Subject: Grüße – unencoded UTF-8 in the header
Date: Tue, 24 Sep 2024 09:00:00 +0200
Message-ID: <8bit-headers@example.de>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

Grüße.
"""

M["023-obsolete-addresses"] = """\
From: user@host.example (Comment Name)
To: Some Name <@relay1.example,@relay2.example:user@host.example>,
 "quoted local"@example.com, missingdomain, <>, "Just A Name",
 Name With Dots J. R. R. <jrr@example.com>
Cc: a@b.example (first) (second comment)
Reply-To: <broken@@example.com>
Subject: Obsolete address forms
Date: Wed, 25 Sep 2024 11:00:00 GMT
Message-ID: <obs-addr@example.com>

Body.
"""

M["024-dates-duplicates"] = """\
From: dup@example.com
From: second-from@example.com
To: one@example.com
To: two@example.com
Subject: First subject
Subject: Second subject
Date: 25 Sep 24 11:00 EDT
Date: Thu, 26 Sep 2024 11:00:00 +0000
Message-ID: <first-id@example.com>
Message-ID: <second-id@example.com>

Body.
"""

M["025-threading"] = """\
From: thread@example.com
To: thread@example.com
Subject: Re: Re: [list] the thread
Date: Fri, 27 Sep 2024 15:15:15 +0200
Message-ID: <reply-3@example.com>
In-Reply-To: <reply-2@example.com> (Your message of Thu)
References: <start@example.com> <reply-1@example.com>
 <reply-2@example.com>

Reply.
"""

M["026-subject-whitespace"] = "From: ws@example.com\nTo: ws@example.com\nSubject: \t  spaces   and\ttabs \t \nDate: Sat, 28 Sep 2024 08:00:00 +0000\nMessage-ID:   <ws@example.com>  \n\nBody.\n"

M["027-quoted-printable-edge"] = """\
From: qp@example.com
To: qp@example.com
Subject: Quoted-printable edge cases
Date: Sun, 29 Sep 2024 08:00:00 +0000
MIME-Version: 1.0
Content-Type: text/plain; charset=iso-8859-1
Content-Transfer-Encoding: quoted-printable

Trailing spaces here   
Soft break=
 continues; lower-case hex =e9=E9; bad =XY and =4
Tab at end\t
= 
Last line=
"""

# --- broken on purpose ------------------------------------------------------

M["040-missing-close-boundary"] = """\
From: broken@example.com
To: broken@example.com
Subject: Missing closing boundary
Date: Mon, 30 Sep 2024 00:00:00 +0000
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="NEVERCLOSED"

--NEVERCLOSED
Content-Type: text/plain

First part.
--NEVERCLOSED
Content-Type: text/plain

Second part, and then the message just ends.
"""

M["041-boundary-never-appears"] = """\
From: broken@example.com
To: broken@example.com
Subject: Boundary never appears
Date: Mon, 30 Sep 2024 00:00:00 +0000
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="NOWHERE"

--SOMETHINGELSE
Content-Type: text/plain

Text.
--SOMETHINGELSE--
"""

M["042-broken-content-type"] = """\
From: broken@example.com
To: broken@example.com
Subject: Broken Content-Type values
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary=XX

--XX
Content-Type: text

no subtype
--XX
Content-Type: text/; charset=utf-8

empty subtype
--XX
Content-Type: ;;;

garbage
--XX
Content-Type: application/octet-stream garbage; name=x

garbage after subtype
--XX
Content-Type: text/plain; charset

parameter without value
--XX--
"""

M["043-duplicate-content-type"] = """\
From: broken@example.com
To: broken@example.com
Subject: Two Content-Type fields
MIME-Version: 1.0
Content-Type: text/html; charset=utf-8
Content-Type: multipart/mixed; boundary="dup"
Content-Transfer-Encoding: quoted-printable
Content-Transfer-Encoding: base64

<p>first one wins</p>
"""

M["044-nul-8bit-header"] = "From: N\x00ul <nul@example.com>\nTo: b\xe4d@example.com\nSubject: nul\x00in subject \xff\xfe\nDate: Tue, 01 Oct 2024 00:00:00 +0000\nX-Binary: \x01\x02\x03\n\nBody without NUL.\n"

M["045-header-no-body"] = "From: nobody@example.com\nTo: nobody@example.com\nSubject: Header and no body\nDate: Tue, 01 Oct 2024 00:00:00 +0000"

M["046-body-no-header"] = "\nThis message has no header at all.\nJust a body.\n"

M["047-unknown-cte"] = """\
From: uu@example.com
To: uu@example.com
Subject: Unknown transfer encodings
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="UU"

--UU
Content-Type: application/octet-stream; name="file.txt"
Content-Transfer-Encoding: x-uuencode

begin 644 file.txt
#86)C
`
end
--UU
Content-Type: text/plain
Content-Transfer-Encoding: 7bits

seven bits
--UU
Content-Type: text/plain
Content-Transfer-Encoding: base64

aGVsbG8K
--UU--
"""

M["048-boundary-prefix"] = """\
From: prefix@example.com
Subject: Inner boundary is a prefix of the outer one
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="abc"

--abc
Content-Type: multipart/alternative; boundary="abcdef"

--abcdef
Content-Type: text/plain

inner
--abcdef--
--abc
Content-Type: text/plain

outer
--abc--
"""

M["049-multipart-no-boundary"] = """\
From: nb@example.com
Subject: multipart without boundary
MIME-Version: 1.0
Content-Type: multipart/mixed

--foo
Content-Type: text/plain

text
--foo--
"""

M["050-rfc822-garbage"] = """\
From: g@example.com
Subject: message/rfc822 that is not a message
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="G"

--G
Content-Type: message/rfc822

this is not a header
just text

--G
Content-Type: message/rfc822

--G--
"""

M["051-base64-broken"] = """\
From: b64@example.com
Subject: broken base64
MIME-Version: 1.0
Content-Type: application/octet-stream
Content-Transfer-Encoding: base64

aGVsbG8g!!d29y*bGQ
"""

M["052-deep-nesting"] = ("From: deep@example.com\nSubject: ten levels\nMIME-Version: 1.0\n"
    + "".join("Content-Type: multipart/mixed; boundary=\"L%d\"\n\n--L%d\n" % (i, i) for i in range(10))
    + "Content-Type: text/plain\n\ndeep\n"
    + "".join("--L%d--\n" % i for i in reversed(range(10))))

M["053-colonless-lines"] = """\
From: colon@example.com
This line has no colon
Subject: after a colonless line
 continued
Another one
MIME-Version: 1.0

Body.
"""

M["054-empty-header-values"] = """\
From:
To: 
Subject:
Date:
Message-ID:
Content-Type:
MIME-Version: 1.0

Body.
"""

M["055-uppercase-everything"] = """\
FROM: UPPER@EXAMPLE.COM
SUBJECT: UPPER CASE
MIME-VERSION: 1.0
CONTENT-TYPE: MULTIPART/MIXED; BOUNDARY="UP"

--UP
CONTENT-TYPE: TEXT/PLAIN; CHARSET=US-ASCII
CONTENT-TRANSFER-ENCODING: QUOTED-PRINTABLE

=41=42=43
--UP
CONTENT-TYPE: APPLICATION/OCTET-STREAM
CONTENT-TRANSFER-ENCODING: BASE64
CONTENT-DISPOSITION: ATTACHMENT; FILENAME="X.BIN"

QUJD
--UP--
"""

M["056-preamble-epilogue"] = """\
From: pe@example.com
Subject: preamble and epilogue
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="PE"

This is the preamble.
It has two lines.
--PE
Content-Type: text/plain

part
--PE--
This is the epilogue.
--PE
Not a new part: the multipart is closed.
"""

M["057-boundary-whitespace"] = """\
From: bw@example.com
Subject: boundary lines with trailing white space and padding
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="WS"

--WS   
Content-Type: text/plain

one
--WS\t
Content-Type: text/plain

two
--WS--   trailing text
epilogue
"""

M["058-mixed-line-endings"] = None  # written below, bytes

CRLF_ONLY = {"058-mixed-line-endings"}
NO_LF_VARIANT = {"044-nul-8bit-header", "046-body-no-header", "052-deep-nesting"}


def main():
    os.makedirs(OUT, exist_ok=True)
    for old in os.listdir(OUT):
        if old.endswith(".eml"):
            os.remove(os.path.join(OUT, old))
    for name, text in M.items():
        if text is None:
            continue
        raw = text.encode("utf-8", "surrogateescape") if "\\x" not in name else text.encode()
        if any(ord(c) > 0x7f for c in text) and name.startswith("044"):
            raw = text.encode("latin-1")
        crlf = raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
        with open(os.path.join(OUT, name + ".eml"), "wb") as f:
            f.write(crlf)
        if name not in NO_LF_VARIANT:
            with open(os.path.join(OUT, name + "-lf.eml"), "wb") as f:
                f.write(raw.replace(b"\r\n", b"\n"))
    mixed = (b"From: mixed@example.com\r\nSubject: mixed line endings\nMIME-Version: 1.0\r\n"
             b"Content-Type: multipart/mixed; boundary=M\n\r\n--M\r\nContent-Type: text/plain\n\n"
             b"crlf line\r\nlf line\nbare cr line\rend\r\n--M--\n")
    with open(os.path.join(OUT, "058-mixed-line-endings.eml"), "wb") as f:
        f.write(mixed)


if __name__ == "__main__":
    main()
