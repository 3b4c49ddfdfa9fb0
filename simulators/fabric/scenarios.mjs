// Drives a Fabric Gateway endpoint with the official Node client (@hyperledger/fabric-gateway, pinned in
// package-lock.json) through the scenarios issue 5 names, and prints one JSON report on stdout. Exit 0 when every
// scenario passed, 1 otherwise. Configuration comes from the environment (never from argv, so keys stay out of ps):
//   FABRIC_ENDPOINT   host:port of the Gateway (plain h2c unless FABRIC_TLS_ROOT_CERT_PATH is set)
//   FABRIC_MSP_ID     the client's MSP id
//   FABRIC_CERT_PATH  the client's certificate (PEM)
//   FABRIC_KEY_PATH   the client's private key (PEM, PKCS#8)
//   FABRIC_CHANNEL    the channel name
//   FABRIC_CHAINCODE  the bridge chaincode's name
//   FABRIC_TLS_ROOT_CERT_PATH  optional: TLS, trusting these CA certificates (PEM) for the Gateway's certificate
//   FABRIC_TLS_CERT_PATH, FABRIC_TLS_KEY_PATH  optional, with TLS: a client certificate and key for mutual TLS
// The chaincode functions are the bridge's (simulators/Bridge.Simulators.Fabric): AnchorDocument(documentId,
// contentDigest, commitmentRoot, documentType) emits "DocumentAnchored"; GetAnchor(documentId) returns the anchor as
// JSON; anchoring an id twice fails with a message containing "already anchored".
import * as grpc from '@grpc/grpc-js';
import { connect, hash, signers, EndorseError, GatewayError } from '@hyperledger/fabric-gateway';
import crypto from 'node:crypto';
import fs from 'node:fs';

const env = (name) => {
  const value = process.env[name];
  if (!value) {
    console.error(`error: ${name} is not set`);
    process.exit(2);
  }
  return value;
};

const endpoint = env('FABRIC_ENDPOINT');
const channel = env('FABRIC_CHANNEL');
const chaincode = env('FABRIC_CHAINCODE');
const optionalFile = (name) => (process.env[name] ? fs.readFileSync(process.env[name]) : null);
const tlsRoot = optionalFile('FABRIC_TLS_ROOT_CERT_PATH');
// grpc-js: createSsl(rootCerts, privateKey, certChain); the host name checked is the one in FABRIC_ENDPOINT.
const credentials = tlsRoot
  ? grpc.credentials.createSsl(tlsRoot, optionalFile('FABRIC_TLS_KEY_PATH'), optionalFile('FABRIC_TLS_CERT_PATH'))
  : grpc.credentials.createInsecure();
const client = new grpc.Client(endpoint, credentials);
const gateway = connect({
  client,
  identity: { mspId: env('FABRIC_MSP_ID'), credentials: fs.readFileSync(env('FABRIC_CERT_PATH')) },
  signer: signers.newPrivateKeySigner(crypto.createPrivateKey(fs.readFileSync(env('FABRIC_KEY_PATH')))),
  hash: hash.sha256,
  evaluateOptions: () => ({ deadline: Date.now() + 10_000 }),
  endorseOptions: () => ({ deadline: Date.now() + 10_000 }),
  submitOptions: () => ({ deadline: Date.now() + 10_000 }),
  commitStatusOptions: () => ({ deadline: Date.now() + 30_000 }),
});

const utf8 = new TextDecoder();
const report = { endpoint, channel, chaincode, scenarios: [] };
const run = async (name, body) => {
  const started = performance.now();
  try {
    const details = await body();
    report.scenarios.push({ name, ok: true, ms: Math.round(performance.now() - started), ...details });
  } catch (error) {
    report.scenarios.push({ name, ok: false, ms: Math.round(performance.now() - started), error: String(error?.stack ?? error) });
  }
};
const expect = (condition, message) => {
  if (!condition) throw new Error(message);
};
const hex = () => crypto.randomBytes(32).toString('hex');

try {
  const network = gateway.getNetwork(channel);
  const contract = network.getContract(chaincode);
  const first = { id: crypto.randomUUID(), digest: hex(), root: hex() };
  const second = { id: crypto.randomUUID(), digest: hex(), root: hex() };
  let secondBlock;

  await run('submit', async () => {
    const result = await contract.submitTransaction('AnchorDocument', first.id, first.digest, first.root, 'BILL_OF_LADING');
    return { result: utf8.decode(result) };
  });

  await run('evaluate', async () => {
    const anchor = JSON.parse(utf8.decode(await contract.evaluateTransaction('GetAnchor', first.id)));
    expect(anchor.documentId === first.id && anchor.contentDigest === first.digest, `unexpected anchor ${JSON.stringify(anchor)}`);
    return { anchor };
  });

  await run('submitAsync with commit status', async () => {
    const commit = await contract.submitAsync('AnchorDocument', { arguments: [second.id, second.digest, second.root, 'COMMERCIAL_INVOICE'] });
    const status = await commit.getStatus();
    secondBlock = status.blockNumber;
    expect(status.successful && status.code === 0, `status ${JSON.stringify(status, (_, v) => (typeof v === 'bigint' ? String(v) : v))}`);
    return { transactionId: commit.getTransactionId(), blockNumber: String(status.blockNumber), code: status.code };
  });

  await run('chaincode events', async () => {
    const events = await network.getChaincodeEvents(chaincode, { startBlock: 0n });
    const seen = [];
    try {
      for await (const event of events) {
        const payload = JSON.parse(utf8.decode(event.payload));
        seen.push({ name: event.eventName, block: String(event.blockNumber), documentId: payload.documentId });
        if (payload.documentId === second.id) break;
      }
    } finally {
      events.close();
    }
    expect(seen.some((e) => e.documentId === first.id && e.name === 'DocumentAnchored'), `first anchor event missing: ${JSON.stringify(seen)}`);
    expect(seen.some((e) => e.documentId === second.id && BigInt(e.block) === secondBlock), `second anchor event missing: ${JSON.stringify(seen)}`);
    return { events: seen.length };
  });

  await run('chaincode error with ErrorDetail', async () => {
    try {
      await contract.submitTransaction('AnchorDocument', first.id, first.digest, first.root, 'BILL_OF_LADING');
    } catch (error) {
      expect(error instanceof EndorseError || error instanceof GatewayError, `unexpected error type ${error?.constructor?.name}`);
      expect(error.details.length > 0, 'no ErrorDetail attached');
      expect(error.details.some((d) => d.message.includes('already anchored')), `details ${JSON.stringify(error.details)}`);
      return { code: error.code, type: error.constructor.name, details: error.details.map((d) => ({ mspId: d.mspId, message: d.message })) };
    }
    throw new Error('anchoring the same document twice did not fail');
  });
} finally {
  gateway.close();
  client.close();
}

console.log(JSON.stringify(report, null, 2));
process.exit(report.scenarios.every((s) => s.ok) ? 0 : 1);
