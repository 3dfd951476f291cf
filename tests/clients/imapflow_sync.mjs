// imapflow (npm) against Cairn, as a mail app uses it (issue 7): TLS on the
// imaps port (self-signed certificate: not verified), QRESYNC, a mailbox
// opened and left idling while another session appends, flags and deletes,
// a reconnect that resyncs with SELECT (QRESYNC) and UID FETCH
// (CHANGEDSINCE), and a MOVE. Every answer's data is checked; the script
// prints each mismatch and exits 1 if there was any (2 if it could not run).
//
//   CAIRN_HOST=127.0.0.1 CAIRN_IMAPS_PORT=993 CAIRN_USER=alice CAIRN_PASS=secret \
//     node tests/clients/imapflow_sync.mjs
//
// Run by tests/integration/test_imapflow.py, which starts the server.
import { ImapFlow } from 'imapflow';

const env = process.env;
const options = {
  host: env.CAIRN_HOST || '127.0.0.1',
  port: Number(env.CAIRN_IMAPS_PORT),
  secure: true,
  tls: { rejectUnauthorized: false },
  auth: { user: env.CAIRN_USER || 'alice', pass: env.CAIRN_PASS || 'secret' },
  qresync: true,
  logger: false,
  // Seconds are plenty on loopback; a hang fails the test instead of CI.
  connectionTimeout: 10000,
  greetingTimeout: 10000,
  socketTimeout: 30000,
  // IDLE after 0.2 s without commands (imapflow waits 15 s by default).
  autoIdleDelay: 200,
};
const WAIT_MS = Number(env.CAIRN_WAIT_MS || 5000);

const failures = [];
function check(ok, what) {
  if (!ok) {
    failures.push(what);
    console.error('MISMATCH: ' + what);
  }
}
function eq(got, want, what) {
  const g = JSON.stringify(got, (k, v) => (typeof v === 'bigint' ? v.toString() : v instanceof Set ? [...v].sort() : v));
  const w = JSON.stringify(want, (k, v) => (typeof v === 'bigint' ? v.toString() : v instanceof Set ? [...v].sort() : v));
  check(g === w, `${what}: got ${g}, want ${w}`);
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// \Recent depends on which session heard of a message first (RFC 3501
// section 2.3.2) and is gone in IMAP4rev2: compared without it.
const noRecent = (flags) => new Set([...flags].filter((f) => f !== '\\Recent'));

// Events an idling client receives, with a bounded wait for each.
class Recorder {
  constructor(client) {
    this.events = [];
    for (const name of ['exists', 'expunge', 'flags']) client.on(name, (e) => this.events.push({ name, ...e }));
  }
  async wait(pred, what) {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const i = this.events.findIndex(pred);
      if (i >= 0) return this.events.splice(i, 1)[0];
      if (Date.now() > deadline) {
        check(false, `${what}: no such event within ${WAIT_MS} ms (have ${JSON.stringify(this.events, (k, v) => (typeof v === 'bigint' ? v.toString() : v instanceof Set ? [...v] : v))})`);
        return null;
      }
      await sleep(10);
    }
  }
}

async function waitIdle(client, what) {
  const deadline = Date.now() + WAIT_MS;
  while (!client.idling) {
    if (Date.now() > deadline) return check(false, `${what}: the client never started IDLE`);
    await sleep(10);
  }
}

function message(n, subject) {
  return [
    'From: Sender <sender@example.org>',
    'To: Alice <alice@example.org>',
    `Subject: ${subject}`,
    `Message-ID: <m${n}@example.org>`,
    'Date: Mon, 06 Jan 2025 10:00:00 +0000',
    '',
    `Body ${n}`,
    '',
  ].join('\r\n');
}

async function main() {
  const a = new ImapFlow({ ...options });
  const b = new ImapFlow({ ...options });
  await a.connect();
  await b.connect();
  check(a.enabled.has('QRESYNC') && a.enabled.has('CONDSTORE'), `ENABLE QRESYNC: enabled ${[...a.enabled]}`);
  check(a.capabilities.has('MOVE') && a.capabilities.has('UIDPLUS'), 'MOVE and UIDPLUS advertised');

  // Three messages, appended by B (APPENDUID checked).
  const appended = [];
  for (let i = 1; i <= 3; i++) appended.push(await b.append('INBOX', message(i, `Subject ${i}`), ['\\Seen']));
  eq(appended.map((r) => r.uid), [1, 2, 3], 'APPENDUID UIDs');
  const uidValidity = appended[0].uidValidity;
  check(typeof uidValidity === 'bigint' && uidValidity > 0n, 'APPENDUID UIDVALIDITY');

  // A opens INBOX with QRESYNC enabled and idles.
  const rec = new Recorder(a);
  const box = await a.mailboxOpen('INBOX');
  eq([box.exists, box.uidNext, box.uidValidity], [3, 4, uidValidity], 'SELECT INBOX: EXISTS, UIDNEXT, UIDVALIDITY');
  check(typeof box.highestModseq === 'bigint' && box.highestModseq > 0n, `SELECT: HIGHESTMODSEQ ${box.highestModseq}`);
  check(box.readOnly === false, 'SELECT: READ-WRITE');
  const firstModseq = box.highestModseq;
  await waitIdle(a, 'after SELECT');

  // B appends: A hears EXISTS while idling.
  const fourth = await b.append('INBOX', message(4, 'Subject 4'));
  eq(fourth.uid, 4, 'APPENDUID of the fourth');
  const ex = await rec.wait((e) => e.name === 'exists' && e.count === 4, 'EXISTS 4 in IDLE');
  if (ex) eq(ex.prevCount, 3, 'EXISTS: previous count');

  // B flags UID 2: A hears FETCH with UID, FLAGS and MODSEQ.
  await b.mailboxOpen('INBOX');
  check(await b.messageFlagsAdd('2', ['\\Flagged', '$Label1'], { uid: true }), 'STORE +FLAGS');
  const fl = await rec.wait((e) => e.name === 'flags' && e.uid === 2, 'FETCH of UID 2 in IDLE');
  if (fl) {
    eq(noRecent(fl.flags), new Set(['\\Seen', '\\Flagged', '$Label1']), 'flags of UID 2 in IDLE');
    check(typeof fl.modseq === 'bigint' && fl.modseq > firstModseq, `MODSEQ of UID 2 in IDLE: ${fl.modseq}`);
    eq(fl.seq, 2, 'sequence number of UID 2 in IDLE');
  }

  // B deletes UID 1: A hears VANISHED (QRESYNC) for UID 1.
  check(await b.messageDelete('1', { uid: true }), 'STORE \\Deleted + UID EXPUNGE');
  const gone = await rec.wait((e) => e.name === 'expunge' && e.uid === 1, 'VANISHED 1 in IDLE');
  if (gone) eq([gone.vanished, gone.earlier], [true, false], 'VANISHED, not (EARLIER), in IDLE');

  // A's view of every message.
  const seen = [];
  for await (const m of a.fetch('1:*', { uid: true, flags: true, envelope: true, size: true, internalDate: true })) {
    seen.push({ seq: m.seq, uid: m.uid, subject: m.envelope.subject, messageId: m.envelope.messageId, flags: noRecent(m.flags), modseq: typeof m.modseq });
  }
  eq(seen, [
    { seq: 1, uid: 2, subject: 'Subject 2', messageId: '<m2@example.org>', flags: new Set(['\\Seen', '\\Flagged', '$Label1']), modseq: 'bigint' },
    { seq: 2, uid: 3, subject: 'Subject 3', messageId: '<m3@example.org>', flags: new Set(['\\Seen']), modseq: 'bigint' },
    { seq: 3, uid: 4, subject: 'Subject 4', messageId: '<m4@example.org>', flags: new Set(), modseq: 'bigint' },
  ], 'FETCH 1:* after the changes');
  const body = await a.fetchOne('3', { source: true }, { uid: true });
  check(body && body.source.toString() === message(3, 'Subject 3'), 'BODY[] of UID 3 byte for byte');

  // A leaves, remembering UIDVALIDITY and HIGHESTMODSEQ; B changes things.
  await a.noop();
  const known = { uidValidity: a.mailbox.uidValidity, modseq: a.mailbox.highestModseq };
  await a.logout();
  check(await b.messageFlagsAdd('3', ['$Label2'], { uid: true }), 'STORE +FLAGS $Label2 while A is away');
  check(await b.messageDelete('2', { uid: true }), 'delete UID 2 while A is away');
  const fifth = await b.append('INBOX', message(5, 'Subject 5'));
  eq(fifth.uid, 5, 'APPENDUID of the fifth');

  // A comes back: SELECT (QRESYNC (uidvalidity modseq)) tells it exactly what
  // changed: VANISHED (EARLIER) 2 and the new flags of 3.
  const a2 = new ImapFlow({ ...options });
  const rec2 = new Recorder(a2);
  await a2.connect();
  const box2 = await a2.mailboxOpen('INBOX', { uidValidity: known.uidValidity, changedSince: known.modseq });
  check(box2.qresync === true, 'SELECT (QRESYNC): accepted');
  eq([box2.exists, box2.uidNext], [3, 6], 'SELECT (QRESYNC): EXISTS, UIDNEXT');
  const early = await rec2.wait((e) => e.name === 'expunge' && e.uid === 2, 'VANISHED (EARLIER) 2 at SELECT');
  if (early) check(early.earlier === true, 'VANISHED at SELECT is (EARLIER)');
  const f3 = await rec2.wait((e) => e.name === 'flags' && e.uid === 3, 'FETCH of UID 3 at SELECT');
  if (f3) {
    eq(noRecent(f3.flags), new Set(['\\Seen', '$Label2']), 'flags of UID 3 at SELECT');
    check(f3.modseq > known.modseq, 'MODSEQ of UID 3 above the known one');
  }
  // imapflow keeps its HIGHESTMODSEQ from FETCH MODSEQs only, so the MODSEQ
  // it resyncs from may predate UID 1's expunge, which it already knew:
  // hearing of it again is fine, hearing of anything else is not.
  check(!rec2.events.some((e) => e.name === 'expunge' && e.uid !== 1), `only UIDs 1 and 2 vanished: ${JSON.stringify(rec2.events.filter((e) => e.name === 'expunge').map((e) => e.uid))}`);

  // UID FETCH 1:* (FLAGS) (CHANGEDSINCE known VANISHED): 3 and the new 5.
  const changed = [];
  for await (const m of a2.fetch('1:*', { uid: true, flags: true }, { uid: true, changedSince: known.modseq })) {
    changed.push([m.uid, [...m.flags].filter((f) => f !== '\\Recent').sort()]);
  }
  eq(changed, [[3, ['$Label2', '\\Seen']], [5, []]], 'UID FETCH (CHANGEDSINCE)');
  const nothing = [];
  for await (const m of a2.fetch('1:*', { uid: true }, { uid: true, changedSince: a2.mailbox.highestModseq })) nothing.push(m.uid);
  eq(nothing, [], 'UID FETCH (CHANGEDSINCE HIGHESTMODSEQ): nothing');

  // MOVE (RFC 6851) with COPYUID: UID 3 to Archive keeps its flags; A2 hears
  // of its own expunge as VANISHED.
  const status = await a2.status('Archive', { messages: true, uidNext: true, uidValidity: true });
  const moved = await a2.messageMove('3', 'Archive', { uid: true });
  check(moved && moved.uidMap instanceof Map, 'MOVE: COPYUID');
  if (moved && moved.uidMap) {
    eq([...moved.uidMap.entries()], [[3, status.uidNext]], 'MOVE: COPYUID source and destination UIDs');
    eq(moved.uidValidity, status.uidValidity, 'MOVE: COPYUID UIDVALIDITY');
  }
  await rec2.wait((e) => e.name === 'expunge' && e.uid === 3, 'VANISHED 3 after MOVE');
  const left = [];
  for await (const m of a2.fetch('1:*', { uid: true })) left.push(m.uid);
  eq(left, [4, 5], 'INBOX after MOVE');
  const arch = await a2.mailboxOpen('Archive');
  eq(arch.exists, status.messages + 1, 'Archive EXISTS after MOVE');
  const inArchive = await a2.fetchOne('*', { uid: true, flags: true, envelope: true }, { uid: false });
  check(inArchive && inArchive.envelope.subject === 'Subject 3', 'moved message in Archive');
  if (inArchive) eq([...inArchive.flags].filter((f) => f !== '\\Recent').sort(), ['$Label2', '\\Seen'], 'moved message keeps its flags');

  await a2.logout();
  await b.logout();
}

main()
  .then(() => {
    if (failures.length) {
      console.error(`${failures.length} mismatch(es)`);
      process.exit(1);
    }
    console.log('imapflow: every answer as expected');
    process.exit(0);
  })
  .catch((err) => {
    console.error('imapflow test could not run: ' + (err && err.stack ? err.stack : err));
    process.exit(2);
  });
