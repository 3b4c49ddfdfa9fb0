// Compiles the bridge's Solidity contracts with the pinned solc from npm (solc-js, standard JSON:
// https://docs.soliditylang.org/en/v0.8.37/using-the-compiler.html#compiler-input-and-output-json-description)
// and writes one artifact per contract to <contracts>/Artifacts/<Name>.json.
//
//   node scripts/compile.mjs                   compile and write the artifacts
//   node scripts/compile.mjs --check           recompile and compare with the committed artifacts;
//                                              exit 1 when any differs, is missing or is stale
//   node scripts/compile.mjs --contracts DIR   use another contracts folder (default: the Ethereum adapter's)
//
// Reproducible output: pinned compiler, explicit EVM version and optimizer settings, metadata hash left out of
// the bytecode (bytecodeHash "none": the CBOR trailer then carries only the compiler version), sources named by
// file name only, and JSON written with fixed key order and a final newline. Any compiler warning fails.
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import solc from "solc";

const SOLC_VERSION = "0.8.37+commit.f401782d.Emscripten.clang";
const SOLC_NPM = "solc@0.8.37";

// "cancun" runs on Hardhat's default fork (Osaka) and on chains that have not reached Prague or Osaka;
// the code uses nothing newer (no transient storage either). solc 0.8.37 would default to "osaka".
const SETTINGS = {
  evmVersion: "cancun",
  optimizer: { enabled: true, runs: 200 },
  viaIR: false,
  metadata: { bytecodeHash: "none" },
};

const scriptDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(scriptDir, "..", "..", "..");
const defaultContractsDir = join(repoRoot, "src", "Adapters", "Bridge.Adapters.Ethereum", "Contracts");

function parseArgs(argv) {
  const options = { check: false, contractsDir: defaultContractsDir };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--check") {
      options.check = true;
    } else if (arg === "--contracts" && i + 1 < argv.length) {
      options.contractsDir = resolve(argv[++i]);
    } else {
      console.error(`usage: node scripts/compile.mjs [--check] [--contracts DIR]   (unknown argument: ${arg})`);
      process.exit(2);
    }
  }
  return options;
}

function sha256Hex(bytes) {
  return createHash("sha256").update(bytes).digest("hex");
}

function compile(contractsDir) {
  const version = solc.version();
  if (version !== SOLC_VERSION) {
    throw new Error(`solc ${version} is installed but the artifacts are pinned to ${SOLC_VERSION}: run ./eng/prerequisites.sh`);
  }

  const files = readdirSync(contractsDir).filter((name) => name.endsWith(".sol")).sort();
  if (files.length === 0) {
    throw new Error(`no .sol files in ${contractsDir}`);
  }

  const raw = new Map(files.map((name) => [name, readFileSync(join(contractsDir, name))]));
  const input = {
    language: "Solidity",
    sources: Object.fromEntries(files.map((name) => [name, { content: raw.get(name).toString("utf8") }])),
    settings: {
      ...SETTINGS,
      outputSelection: {
        "*": { "*": ["abi", "evm.bytecode.object", "evm.deployedBytecode.object", "evm.methodIdentifiers"] },
      },
    },
  };

  const output = JSON.parse(solc.compile(JSON.stringify(input)));
  const diagnostics = output.errors ?? [];
  for (const diagnostic of diagnostics) {
    console.error(diagnostic.formattedMessage ?? diagnostic.message);
  }
  const failures = diagnostics.filter((d) => d.severity !== "info");
  if (failures.length > 0) {
    throw new Error(`solc reported ${failures.length} error(s) or warning(s); warnings count as errors`);
  }

  const artifacts = new Map();
  for (const sourceName of files) {
    for (const [contractName, contract] of Object.entries(output.contracts?.[sourceName] ?? {})) {
      if (artifacts.has(contractName)) {
        throw new Error(`contract name ${contractName} is defined twice`);
      }
      const artifact = {
        contractName,
        sourceName,
        sourceSha256: sha256Hex(raw.get(sourceName)),
        compiler: { name: "solc", version, npmPackage: SOLC_NPM },
        settings: SETTINGS,
        abi: contract.abi,
        bytecode: `0x${contract.evm.bytecode.object}`,
        deployedBytecode: `0x${contract.evm.deployedBytecode.object}`,
        methodIdentifiers: contract.evm.methodIdentifiers,
      };
      artifacts.set(`${contractName}.json`, `${JSON.stringify(artifact, null, 2)}\n`);
    }
  }
  return artifacts;
}

function existingArtifacts(artifactsDir) {
  return existsSync(artifactsDir) ? readdirSync(artifactsDir).filter((name) => name.endsWith(".json")).sort() : [];
}

function main() {
  const options = parseArgs(process.argv.slice(2));
  const artifactsDir = join(options.contractsDir, "Artifacts");
  const artifacts = compile(options.contractsDir);
  const stale = existingArtifacts(artifactsDir).filter((name) => !artifacts.has(name));

  if (options.check) {
    const problems = [];
    for (const [name, text] of artifacts) {
      const path = join(artifactsDir, name);
      if (!existsSync(path)) {
        problems.push(`missing: ${path}`);
      } else if (readFileSync(path, "utf8") !== text) {
        problems.push(`differs from a fresh compilation: ${path}`);
      }
    }
    problems.push(...stale.map((name) => `stale (no contract of that name): ${join(artifactsDir, name)}`));
    if (problems.length > 0) {
      for (const problem of problems) console.error(problem);
      console.error("The committed artifacts do not match the sources: run `node scripts/compile.mjs` and commit the result.");
      process.exit(1);
    }
    console.log(`${artifacts.size} artifact(s) match their sources (${SOLC_VERSION}, evm ${SETTINGS.evmVersion}).`);
    return;
  }

  mkdirSync(artifactsDir, { recursive: true });
  for (const name of stale) rmSync(join(artifactsDir, name));
  for (const [name, text] of artifacts) {
    writeFileSync(join(artifactsDir, name), text);
    console.log(`wrote ${join(artifactsDir, name)}`);
  }
}

try {
  main();
} catch (error) {
  console.error(`error: ${error.message}`);
  process.exit(1);
}
