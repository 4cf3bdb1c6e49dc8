// values-dev.yaml: a small PostgreSQL and Kafka inside the release, wired to the services; nothing
// of them in a default install.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { devValues, find, ofKind, podSpec, render, skipWithoutHelm as skip, type K8sObject } from './support/helm-chart.ts';

const dev = () => render({ values: [devValues] });
const envOf = (objects: K8sObject[], kind: string, name: string) =>
  Object.fromEntries(podSpec(find(objects, kind, name)!).containers[0].env.map((entry: { name: string; value?: string; valueFrom?: unknown }) => [entry.name, entry.value ?? entry.valueFrom]));

describe('the chart with values-dev.yaml', { skip }, () => {
  it('runs PostgreSQL and Kafka in the release from official images with pinned tags, and not without the dev values', () => {
    const objects = dev();
    const images = ofKind(objects, 'StatefulSet').map((set) => podSpec(set).containers[0].image).sort();
    assert.equal(images.length, 2);
    assert.match(images[0]!, /^apache\/kafka:\d+\.\d+\.\d+$/);
    assert.match(images[1]!, /^postgres:\d+\.\d+$/);
    assert.deepEqual(ofKind(render(), 'StatefulSet'), []);
    assert.equal(find(render(), 'Secret', 'demo-postgres'), undefined);
  });

  it('creates the three service databases on first start and gives each service its URL', () => {
    const objects = dev();
    const init = find(objects, 'ConfigMap', 'demo-postgres-init')!;
    assert.deepEqual(init.data!['create-databases.sql']!.trim().split('\n'), ['CREATE DATABASE shine_analysis;', 'CREATE DATABASE shine_catalog;', 'CREATE DATABASE shine_recommender;']);
    const postgres = podSpec(find(objects, 'StatefulSet', 'demo-postgres')!);
    assert.ok(postgres.containers[0].volumeMounts.some((mount: { mountPath: string }) => mount.mountPath === '/docker-entrypoint-initdb.d'));
    const secret = find(objects, 'Secret', 'demo-postgres')!;
    for (const service of ['analysis', 'catalog', 'recommender']) {
      assert.deepEqual(envOf(objects, 'Deployment', `demo-${service}`)['DATABASE_URL'], { secretKeyRef: { name: 'demo-postgres', key: service } });
      assert.equal(secret.stringData![service], `postgres://shine:shine-dev-password@demo-postgres:5432/shine_${service}`);
    }
    assert.deepEqual(envOf(objects, 'StatefulSet', 'demo-postgres')['POSTGRES_PASSWORD'], { secretKeyRef: { name: 'demo-postgres', key: 'password' } });
  });

  it('points the event services at the dev broker, which advertises the address they use', () => {
    const objects = dev();
    for (const service of ['analysis', 'recommender']) assert.equal(envOf(objects, 'Deployment', `demo-${service}`)['KAFKA_BROKERS'], 'demo-kafka:9092');
    const kafka = envOf(objects, 'StatefulSet', 'demo-kafka');
    assert.equal(kafka['KAFKA_ADVERTISED_LISTENERS'], 'PLAINTEXT://demo-kafka:9092');
    assert.equal(kafka['KAFKA_PROCESS_ROLES'], 'broker,controller');
    assert.equal(kafka['KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR'], '1');
    assert.equal(find(objects, 'Service', 'demo-kafka')!.spec.ports[0].port, 9092);
    // A Service named kafka would otherwise inject KAFKA_PORT=tcp://…, which the image reads as a setting.
    assert.equal(podSpec(find(objects, 'StatefulSet', 'demo-kafka')!).enableServiceLinks, false);
    assert.equal(envOf(render(), 'Deployment', 'demo-analysis')['KAFKA_BROKERS'], 'kafka:9092', 'external brokers by default');
  });

  it('keeps data in an emptyDir, or in a PersistentVolumeClaim when persistence is on', () => {
    const dataVolume = (objects: K8sObject[], name: string) => podSpec(find(objects, 'StatefulSet', name)!).volumes.find((volume: { name: string }) => volume.name === 'data');
    const claims = (objects: K8sObject[], name: string) => find(objects, 'StatefulSet', name)!.spec.volumeClaimTemplates;
    const ephemeral = dev();
    const persistent = render({ values: [devValues], sets: ['dev.postgres.persistence.enabled=true', 'dev.kafka.persistence.enabled=true', 'dev.kafka.persistence.size=5Gi'] });
    for (const name of ['demo-postgres', 'demo-kafka']) {
      assert.deepEqual(dataVolume(ephemeral, name), { name: 'data', emptyDir: {} });
      assert.equal(claims(ephemeral, name), undefined);
      assert.equal(dataVolume(persistent, name), undefined);
      assert.equal(claims(persistent, name)[0].metadata.name, 'data');
    }
    assert.equal(claims(persistent, 'demo-kafka')[0].spec.resources.requests.storage, '5Gi');
  });

  it('runs every pod, the dev ones and the hooks included, non-root on a read-only root with nothing of root kept', () => {
    const pods = dev().filter((object) => ['Deployment', 'StatefulSet', 'Job', 'Pod'].includes(object.kind));
    assert.equal(pods.length, 5 + 2 + 3 + 1);
    for (const object of pods) {
      const pod = podSpec(object);
      assert.equal(pod.securityContext.runAsNonRoot, true, object.metadata.name);
      assert.equal(pod.securityContext.seccompProfile.type, 'RuntimeDefault', object.metadata.name);
      assert.equal(pod.automountServiceAccountToken, false, object.metadata.name);
      for (const container of pod.containers) {
        assert.equal(container.securityContext.readOnlyRootFilesystem, true, object.metadata.name);
        assert.equal(container.securityContext.allowPrivilegeEscalation, false, object.metadata.name);
        assert.deepEqual(container.securityContext.capabilities.drop, ['ALL'], object.metadata.name);
      }
    }
  });

  it('keeps analysis at exactly 2 CPU / 6Gi and the gateway at 500m / 1Gi, one pod each, the catalogue seeded', () => {
    const objects = dev();
    const resources = (name: string) => podSpec(find(objects, 'Deployment', name)!).containers[0].resources;
    assert.deepEqual(resources('demo-analysis'), { requests: { cpu: '2', memory: '6Gi' }, limits: { cpu: '2', memory: '6Gi' } });
    assert.deepEqual(resources('demo-gateway'), { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '500m', memory: '1Gi' } });
    for (const deployment of ofKind(objects, 'Deployment')) assert.equal(deployment.spec.replicas, 1, deployment.metadata.name);
    assert.deepEqual(ofKind(objects, 'HorizontalPodAutoscaler'), []);
    assert.deepEqual(ofKind(objects, 'PodDisruptionBudget'), []);
    assert.equal(envOf(objects, 'Deployment', 'demo-catalog')['SEED_WHEN_EMPTY'], 'true');
  });
});
