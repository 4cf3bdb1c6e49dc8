// The Tiltfile evaluated by scripts/tiltfile-check (go.starlark.net with stand-ins for Tilt's
// builtins; Tilt itself cannot be installed here), and everything it names checked against the
// repository and the objects its helm() and kustomize() really render. `tilt up` is not run.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, globSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const runs = (candidate: string | undefined, args: string[]) => !!candidate && spawnSync(candidate, args, { stdio: 'ignore' }).status === 0;
// .ci/run builds helm and kustomize with `go install`, into Go's default bin folder.
const tool = (name: string, args: string[]) => [process.env[name.toUpperCase()], join(homedir(), 'go/bin', name), name].find((candidate) => runs(candidate, args));
const helm = tool('helm', ['version']);
const kustomize = tool('kustomize', ['version']);
const go = ['go', '/usr/local/go/bin/go'].find((candidate) => runs(candidate, ['version']));
const missing = Object.entries({ helm, kustomize, go }).filter(([, path]) => !path).map(([name]) => name);
const skip = missing.length > 0 && !process.env['CI'] ? `not installed here: ${missing.join(', ')} (see .ci/run)` : false;

// The checker is built into .cache/ once per change of its sources (Go's build cache keeps it fast).
const checker = join(root, '.cache/tiltfile-check/tiltfile-check');

interface Call {
  builtin: string;
  args: Record<string, any>;
}
interface Evaluation {
  calls: Call[];
  objects: { source: string; object: { kind: string; metadata: { name: string; namespace?: string }; spec?: any } }[];
}

function evaluate(tiltfile: string) {
  return spawnSync(checker, [tiltfile], { encoding: 'utf8', env: { ...process.env, HELM: helm!, KUSTOMIZE: kustomize! }, maxBuffer: 64 * 1024 * 1024 });
}

/** The services images.sh builds: every services/<name> with a src/main.ts. */
const services = globSync('services/*/src/main.ts', { cwd: root }).map((path) => path.split('/')[1]!).sort();
const packages = globSync('packages/*/package.json', { cwd: root }).map((path) => path.split('/')[1]!).sort();

describe('the Tiltfile', { skip }, () => {
  let run: ReturnType<typeof evaluate>;
  let evaluation: Evaluation;
  const calls = (builtin: string) => evaluation.calls.filter((call) => call.builtin === builtin).map((call) => call.args);
  const workloads = () => evaluation.objects.map(({ object }) => object).filter((object) => ['Deployment', 'StatefulSet', 'Job'].includes(object.kind));
  const workload = (name: string) => workloads().find((object) => object.metadata.name === name);
  const podOf = (name: string) => {
    const found = workload(name);
    assert.ok(found, `no workload ${name} in what the Tiltfile deploys`);
    return found.spec.template;
  };

  before(() => {
    if (missing.length > 0) return;
    execFileSync(go!, ['build', '-o', checker, '.'], { cwd: join(root, 'scripts/tiltfile-check'), stdio: 'pipe' });
    run = evaluate(join(root, 'Tiltfile'));
    if (run.status === 0) evaluation = JSON.parse(run.stdout) as Evaluation;
  });

  it('has helm, kustomize and go to evaluate it with', () => {
    assert.deepEqual(missing, [], `missing: ${missing.join(', ')}; .ci/run installs them`);
  });

  it('evaluates with only Tilt\'s builtins, called with Tilt\'s parameter names', () => {
    assert.equal(run.status, 0, run.stderr);
  });

  it('builds one image per service from the Dockerfile, with its build arguments', () => {
    const builds = calls('docker_build');
    assert.deepEqual(builds.map((build) => build.build_args.SERVICE).sort(), services);
    const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
    const buildArgs = new Set([...dockerfile.matchAll(/^ARG (\w+)/gm)].map((match) => match[1]));
    for (const build of builds) {
      assert.ok(existsSync(join(root, build.context)), build.context);
      assert.ok((build.dockerfile_contents as string).startsWith(dockerfile), 'the production Dockerfile, extended');
      for (const name of Object.keys(build.build_args)) assert.ok(buildArgs.has(name), `the Dockerfile has no ARG ${name}`);
      for (const ignored of build.ignore) assert.ok(existsSync(join(root, ignored)), `ignore names ${ignored}, which does not exist`);
    }
  });

  it('gives each image to the chart\'s pod of the same service', () => {
    for (const build of calls('docker_build')) {
      const pod = podOf(`shine-${build.build_args.SERVICE}`);
      const images = pod.spec.containers.map((container: { image: string }) => container.image.replace(/:[^/:]+$/, ''));
      assert.ok(images.includes(build.ref), `shine-${build.build_args.SERVICE} runs ${images.join(', ')}, not ${build.ref}`);
    }
  });

  it('runs each service\'s Deployment under node --watch with the Dockerfile\'s entrypoint, so a sync restarts it', () => {
    const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
    const entrypoint = JSON.parse(/^ENTRYPOINT (\[.*\])$/m.exec(dockerfile)![1]!) as string[];
    for (const service of services) assert.deepEqual(podOf(`shine-${service}`).spec.containers[0].command, [entrypoint[0], '--watch', ...entrypoint.slice(1)], service);
  });

  it('leaves the command of every other container of its images alone (the migration Jobs)', () => {
    // docker_build(entrypoint=) would replace the command of every container running the image.
    for (const build of calls('docker_build')) assert.equal(build.entrypoint, undefined);
    const refs = new Set(calls('docker_build').map((build) => build.ref));
    for (const job of workloads().filter((object) => object.kind === 'Job')) {
      for (const container of job.spec.template.spec.containers) {
        if (refs.has(container.image.replace(/:[^/:]+$/, ''))) assert.ok(!container.command?.includes('--watch'), job.metadata.name);
      }
    }
  });

  it('syncs every service\'s and package\'s sources to where the image holds them, and rebuilds when dependencies change', () => {
    for (const build of calls('docker_build')) {
      const steps = build.live_update as { builtin: string; local_path?: string; remote_path?: string; paths?: string[] }[];
      const syncs = steps.filter((step) => step.builtin === 'sync');
      for (const sync of syncs) {
        assert.ok(existsSync(join(root, sync.local_path!)), `sync from ${sync.local_path}, which does not exist`);
        // The Dockerfile copies the repository to /app.
        assert.equal(sync.remote_path, `/app/${sync.local_path}`);
      }
      const synced = (path: string) => syncs.some((sync) => path.startsWith(`${sync.local_path}/`));
      for (const service of services) assert.ok(synced(`services/${service}/src/main.ts`), service);
      for (const name of packages) assert.ok(synced(`packages/${name}/src/index.ts`), name);
      const fallBack = steps.find((step) => step.builtin === 'fall_back_on')!.paths!;
      assert.equal(steps[0]!.builtin, 'fall_back_on', 'Tilt wants fall_back_on first');
      const manifests = ['package.json', 'package-lock.json', ...globSync(['services/*/package.json', 'packages/*/package.json', 'web/package.json'], { cwd: root })];
      assert.deepEqual([...fallBack].filter((path) => path.endsWith('.json')).sort(), manifests.sort());
      for (const path of fallBack) assert.ok(existsSync(join(root, path)), path);
    }
  });

  it('lets live_update write: the Shine containers are not read-only in dev, and still non-root', () => {
    for (const service of services) {
      const pod = podOf(`shine-${service}`);
      assert.equal(pod.spec.containers[0].securityContext.readOnlyRootFilesystem, false, service);
      assert.equal(pod.spec.securityContext.runAsNonRoot, true, service);
    }
  });

  it('deploys the chart with its dev values, and the dev observability', () => {
    const [chart] = calls('helm');
    assert.ok(existsSync(join(root, chart!.paths, 'Chart.yaml')), chart!.paths);
    assert.ok(chart!.values.length > 0);
    for (const values of chart!.values) assert.ok(existsSync(join(root, values)), values);
    assert.ok(chart!.values.some((values: string) => values.endsWith('values-dev.yaml')));
    for (const { paths } of calls('kustomize')) assert.ok(existsSync(join(root, paths, 'kustomization.yaml')), paths);
    for (const name of ['grafana', 'jaeger', 'prometheus']) assert.ok(workload(name), name);
    for (const { object } of evaluation.objects) {
      if (object.kind !== 'Namespace') assert.equal(object.metadata.namespace, 'shine', `${object.kind} ${object.metadata.name}`);
    }
  });

  it('names only workloads it deploys, each in a labelled resource, and forwards ports the pods open', () => {
    const resources = calls('k8s_resource');
    for (const resource of resources) {
      const pod = podOf(resource.workload);
      assert.ok(resource.labels?.length > 0, `${resource.workload} has no label`);
      const opened = pod.spec.containers.flatMap((container: { ports?: { containerPort: number }[] }) => (container.ports ?? []).map((port) => port.containerPort));
      for (const forward of resource.port_forwards ?? []) assert.ok(opened.includes(forward.container_port), `${resource.workload} does not open ${forward.container_port}`);
    }
    assert.deepEqual(resources.filter((resource) => resource.labels.includes('shine')).map((resource) => resource.new_name).sort(), services);
    for (const name of ['gateway', 'grafana', 'jaeger']) {
      assert.ok(resources.some((resource) => (resource.new_name ?? resource.workload) === name && resource.port_forwards.length > 0), `${name} is port-forwarded`);
    }
  });

  it('forwards the gateway, Grafana and Jaeger to the ports their Services serve', () => {
    const service = (name: string) => evaluation.objects.find(({ object }) => object.kind === 'Service' && object.metadata.name === name)!.object;
    const targets = (serviceName: string, workloadName: string) => {
      const pod = podOf(workloadName);
      const ports = pod.spec.containers.flatMap((container: { ports?: { name: string; containerPort: number }[] }) => container.ports ?? []);
      return service(serviceName).spec.ports.map((port: { targetPort: string | number }) => ports.find((candidate: { name: string; containerPort: number }) => candidate.name === port.targetPort || candidate.containerPort === port.targetPort)?.containerPort);
    };
    const forwarded = (name: string) => calls('k8s_resource').find((resource) => (resource.new_name ?? resource.workload) === name)!.port_forwards[0].container_port;
    assert.ok(targets('shine-gateway', 'shine-gateway').includes(forwarded('gateway')), 'the gateway Service serves the forwarded port');
    assert.ok(targets('grafana', 'grafana').includes(forwarded('grafana')));
    assert.ok(targets('jaeger', 'jaeger').includes(forwarded('jaeger')));
  });

  it('regenerates code when proto/ changes, with the repository\'s own scripts', () => {
    const scripts = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts as Record<string, string>;
    const local = calls('local_resource');
    assert.ok(local.some((resource) => resource.cmd === 'npm run proto' && resource.deps.includes('proto')));
    for (const resource of local) {
      const script = /^npm run (\S+)$/.exec(resource.cmd)?.[1];
      assert.ok(script && scripts[script], `${resource.name}: ${resource.cmd} is not a script of package.json`);
      for (const dep of resource.deps) assert.ok(existsSync(join(root, dep)), dep);
      assert.ok(resource.labels.length > 0, resource.name);
    }
  });

  describe('its stand-ins for Tilt', () => {
    let dir = '';
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'shine-tiltfile-'));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));
    const refused = (source: string) => {
      const tiltfile = join(dir, 'Tiltfile');
      writeFileSync(tiltfile, source);
      const result = evaluate(tiltfile);
      assert.notEqual(result.status, 0, `accepted: ${source}`);
      return result.stderr;
    };

    it('refuse a builtin Tilt does not have, a misspelt parameter and a wrong type', () => {
      assert.match(refused("k8s_resources('gateway')\n"), /undefined: k8s_resources/);
      assert.match(refused("docker_build('shine/x', '.', buildargs={'SERVICE': 'x'})\n"), /unexpected keyword argument "buildargs"/);
      assert.match(refused("k8s_resource('x', port_forwards=[port_forward('8080')])\n"), /local_port must be int/);
      assert.match(refused("fall_back_on(files=['package.json'])\n"), /unexpected keyword argument "files"/);
    });
  });
});
