// One gossipsub peer, driven over stdin/stdout by run.mjs: prints its address, dials the addresses it is
// given, waits for a full mesh, publishes on "go" and reports when it has received every message expected.
import readline from 'node:readline'

// Node 20 lacks Promise.withResolvers, which js-libp2p uses.
if (!Promise.withResolvers) {
  Promise.withResolvers = () => {
    let resolve, reject
    const promise = new Promise((res, rej) => { resolve = res; reject = rej })
    return { promise, resolve, reject }
  }
}

const { createLibp2p } = await import('libp2p')
const { tcp } = await import('@libp2p/tcp')
const { noise } = await import('@chainsafe/libp2p-noise')
const { yamux } = await import('@chainsafe/libp2p-yamux')
const { gossipsub } = await import('@libp2p/gossipsub')
const { identify } = await import('@libp2p/identify')
const { multiaddr } = await import('@multiformats/multiaddr')

const topic = 'bench'
const node = await createLibp2p({
  addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] }, // loopback only
  transports: [tcp()],
  connectionEncrypters: [noise()],
  streamMuxers: [yamux()],
  services: {
    identify: identify(),
    pubsub: gossipsub({ globalSignaturePolicy: 'StrictSign', emitSelf: false, allowPublishToZeroTopicPeers: false }),
  },
})
const pubsub = node.services.pubsub
pubsub.subscribe(topic)

let received = 0
let waiting = null
pubsub.addEventListener('message', (event) => {
  if (event.detail.topic !== topic) return
  received++
  if (waiting && received >= waiting.expected) { const w = waiting; waiting = null; w.resolve() }
})

const say = (line) => process.stdout.write(line + '\n')
say('addr ' + node.getMultiaddrs()[0].toString())

const meshFull = async (peers) => {
  const deadline = Date.now() + 30_000
  while (pubsub.getMeshPeers(topic).length < peers) {
    if (Date.now() > deadline) throw new Error('mesh not formed')
    await new Promise((r) => setTimeout(r, 50))
  }
}

const publishAll = async (count, concurrency, payloadBytes, tag) => {
  let next = 0
  const worker = async () => {
    while (next < count) {
      const data = new Uint8Array(payloadBytes)
      new DataView(data.buffer).setUint32(0, next++)
      data.set(new TextEncoder().encode(tag).subarray(0, 16), 4)
      await pubsub.publish(topic, data)
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
}

for await (const line of readline.createInterface({ input: process.stdin })) {
  const [command, ...args] = line.split(' ')
  if (command === 'dial') {
    for (const address of args.filter((a) => a.length > 0)) await node.dial(multiaddr(address))
    say('ready')
  } else if (command === 'mesh') {
    await meshFull(Number(args[0]))
    say('ready')
  } else if (command === 'go') {
    const [count, concurrency, payloadBytes, expected, tag] = [Number(args[0]), Number(args[1]), Number(args[2]), Number(args[3]), args[4]]
    const target = expected // cumulative over rounds: this peer may read the command after the others' messages
    const done = new Promise((resolve) => { waiting = { expected: target, resolve }; if (received >= target) resolve() })
    const start = performance.now()
    await publishAll(count, concurrency, payloadBytes, tag)
    const timeout = new Promise((resolve) => setTimeout(() => resolve('timeout'), 120_000))
    const outcome = await Promise.race([done, timeout])
    say(`done ${outcome === 'timeout' ? 'timeout' : 'ok'} ${(performance.now() - start).toFixed(1)} ${received} ${target}`)
  } else if (command === 'stop') {
    await node.stop()
    process.exit(0)
  }
}
