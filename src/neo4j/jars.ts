import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { projectRoot } from '../config.js';
import { EmbeddedNeo4jError, WAYS_OUT } from './errors.js';

const launcherDir = path.join(projectRoot, 'neo4j');
const cacheDir = path.join(projectRoot, '.neo4j');
const libDir = path.join(cacheDir, 'lib');
const classesDir = path.join(cacheDir, 'classes');
const stampFile = path.join(cacheDir, 'jars.stamp');

export interface JavaRuntime {
  /** The `java` executable to run. */
  java: string;
  /** Major version, e.g. 17. */
  major: number;
}

export interface PreparedLauncher extends JavaRuntime {
  /** Class path for the launcher: compiled launcher plus every Neo4j jar. */
  classPath: string;
}

function javaExecutable(name: 'java' | 'javac'): string {
  return process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', name) : name;
}

/** Finds Java 17+ or throws with the three ways out (JDK, external Neo4j, Docker). */
export function findJava(): JavaRuntime {
  const java = javaExecutable('java');
  const probe = spawnSync(java, ['-version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new EmbeddedNeo4jError(
      `The embedded Neo4j needs Java 17 or newer, and "${java}" could not be run` +
        ` (${probe.error?.message ?? `exit code ${String(probe.status)}`}).\nThree ways out:\n${WAYS_OUT}`,
    );
  }
  const match = /version "(\d+)(?:\.(\d+))?/.exec(probe.stderr);
  const first = Number(match?.[1] ?? 0);
  // Java 8 and older report "1.8.0_x".
  const major = first === 1 ? Number(match?.[2] ?? 0) : first;
  if (major < 17) {
    throw new EmbeddedNeo4jError(
      `The embedded Neo4j 5.26 needs Java 17 or newer, found Java ${String(major)} at "${java}".\nThree ways out:\n${WAYS_OUT}`,
    );
  }
  return { java, major };
}

function fingerprint(): string {
  const hash = createHash('sha256');
  for (const file of ['pom.xml', 'Launcher.java']) {
    hash.update(fs.readFileSync(path.join(launcherDir, file)));
  }
  return hash.digest('hex');
}

/** Formats a byte count for progress lines. */
function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

function parseSize(amount: string, unit: string): number {
  const factor = unit === 'MB' ? 1e6 : unit === 'kB' ? 1e3 : 1;
  return Number(amount) * factor;
}

/**
 * Downloads the Neo4j jars with Maven (first run only) and compiles the launcher.
 * Progress goes to `report`, one line at a time, so a first start that downloads ~120 MB is visibly alive.
 */
export async function prepareLauncher(report: (line: string) => void): Promise<PreparedLauncher> {
  const runtime = findJava();
  const expected = fingerprint();
  const stamp = fs.existsSync(stampFile) ? fs.readFileSync(stampFile, 'utf8').trim() : '';
  if (stamp !== expected) {
    await downloadJars(report);
    compileLauncher(report);
    fs.writeFileSync(stampFile, expected);
  }
  return { ...runtime, classPath: [classesDir, path.join(libDir, '*')].join(path.delimiter) };
}

async function downloadJars(report: (line: string) => void): Promise<void> {
  const mvn = spawnSync('mvn', ['-v'], { encoding: 'utf8' });
  if (mvn.error) {
    throw new EmbeddedNeo4jError(
      'The first start downloads Neo4j from Maven Central with Maven ("mvn"), which was not found.\n' +
        `Install Maven, or avoid the embedded Neo4j:\n${WAYS_OUT}`,
    );
  }
  // A folder of this process's own: two installs at once (CI and a shell) must not share one.
  const staging = `${libDir}.partial-${String(process.pid)}`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(cacheDir, { recursive: true });
  report('Fetching Neo4j Community 5.26 and its dependencies from Maven Central (first run only)...');

  let files = 0;
  let bytes = 0;
  let lastReport = 0;
  const output: string[] = [];
  const child = spawn(
    'mvn',
    [
      '-B',
      '-f',
      path.join(launcherDir, 'pom.xml'),
      'dependency:copy-dependencies',
      `-DoutputDirectory=${staging}`,
      '-DincludeScope=runtime',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const onLine = (line: string): void => {
    output.push(line);
    if (output.length > 40) output.shift();
    // Maven's batch-mode transfer log: "Downloaded from central: URL (1.2 MB at 3.4 MB/s)".
    const done = /Downloaded from \S+: \S+ \(([\d.]+) (B|kB|MB)/.exec(line);
    if (!done?.[1] || !done[2]) return;
    files += 1;
    bytes += parseSize(done[1], done[2]);
    const now = Date.now();
    if (now - lastReport > 1000) {
      lastReport = now;
      report(`  downloaded ${String(files)} files, ${megabytes(bytes)}`);
    }
  };
  let pending = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    const lines = (pending + chunk).split('\n');
    pending = lines.pop() ?? '';
    lines.forEach(onLine);
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => chunk.split('\n').forEach(onLine));

  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (code !== 0) {
    throw new EmbeddedNeo4jError(
      `Maven could not fetch Neo4j (exit code ${String(code)}). Last lines:\n${output.join('\n')}`,
    );
  }
  fs.rmSync(libDir, { recursive: true, force: true });
  try {
    fs.renameSync(staging, libDir);
  } catch (err) {
    // Another process finished first and its copy is complete: use it.
    fs.rmSync(staging, { recursive: true, force: true });
    if (!fs.existsSync(libDir)) throw err;
  }
  const jars = fs.readdirSync(libDir).filter((f) => f.endsWith('.jar')).length;
  report(`  Neo4j ready in .neo4j/lib: ${String(jars)} jars (${megabytes(bytes)} downloaded this time)`);
}

function compileLauncher(report: (line: string) => void): void {
  const staging = `${classesDir}.partial-${String(process.pid)}`;
  fs.rmSync(staging, { recursive: true, force: true });
  const javac = spawnSync(
    javaExecutable('javac'),
    ['-d', staging, '-cp', path.join(libDir, '*'), path.join(launcherDir, 'Launcher.java')],
    { encoding: 'utf8' },
  );
  if (javac.error || javac.status !== 0) {
    throw new EmbeddedNeo4jError(
      `Compiling the Neo4j launcher failed (a JDK, not only a JRE, is needed):\n${javac.error?.message ?? javac.stderr}\n${WAYS_OUT}`,
    );
  }
  fs.rmSync(classesDir, { recursive: true, force: true });
  fs.renameSync(staging, classesDir);
  report('  launcher compiled');
}
