// The js-libp2p gossipsub baseline: three peer processes on loopback in a full mesh; each publishes its
// share of the messages concurrently; the run ends when every peer holds every message of the others.
// Prints one JSON line: {"messages":N,"seconds":S,"perSecond":R,...}. Usage: node run.mjs [messages] [concurrency] [warm-up]
import { spawn } from 'node:child_process'
import readline from 'node:readline'

const total = Number(process.argv[2] ?? 30000)
const concurrency = Number(process.argv[3] ?? 32)
const warmUp = Number(process.argv[4] ?? 3000)
const payloadBytes = 100
const peers = 3

const start = (i) => {
  const child = spawn(process.execPath, [new URL('./peer.mjs', import.meta.url).pathname], { stdio: ['pipe', 'pipe', 'inherit'] })
  const lines = readline.createInterface({ input: child.stdout })
  const queue = []
  const waiters = []
  lines.on('line', (line) => (waiters.length ? waiters.shift()(line) : queue.push(line)))
  const next = () => (queue.length ? Promise.resolve(queue.shift()) : new Promise((r) => waiters.push(r)))
  return { i, child, next, send: (line) => child.stdin.write(line + '\n') }
}

const all = Array.from({ length: peers }, (_, i) => start(i))
const addrs = []
for (const p of all) addrs.push((await p.next()).split(' ')[1])
for (const p of all) p.send('dial ' + addrs.filter((_, j) => j < p.i).join(' '))
for (const p of all) await p.next()
for (const p of all) p.send(`mesh ${peers - 1}`)
for (const p of all) await p.next()

let expected = 0
const round = async (messages, tag) => {
  const each = Math.floor(messages / peers)
  expected += each * (peers - 1)
  const began = performance.now()
  for (const p of all) p.send(`go ${each} ${concurrency} ${payloadBytes} ${expected} ${tag}`)
  const reports = []
  for (const p of all) reports.push((await p.next()).split(' '))
  const seconds = (performance.now() - began) / 1000
  // Each report: done, ok|timeout, ms, messages received so far, messages expected so far (from the others).
  const missing = reports.reduce((sum, r) => sum + Math.max(0, Number(r[4]) - Number(r[3])), 0)
  return { messages: each * peers, seconds, complete: missing === 0, missing }
}

await round(warmUp, 'warm-up')
const measured = await round(total, 'measured')
for (const p of all) p.send('stop')
console.log(JSON.stringify({ ...measured, perSecond: measured.messages / measured.seconds, peers, payloadBytes, concurrency,
  node: process.version, signaturePolicy: 'StrictSign', keyType: 'Ed25519' }))
