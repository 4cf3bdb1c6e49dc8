// The scratch module's replace directives come from a published go.mod: each module it replaces
// with a folder of its own repository, pinned instead to the released version.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { localReplacements } from './kube-tools.ts';

const goMod = `module k8s.io/kubernetes

go 1.26.0

require (
	k8s.io/api v0.0.0
	github.com/google/go-cmp v0.7.0
)

replace github.com/some/fork => github.com/other/fork v1.2.3

replace k8s.io/sample-controller => ./staging/src/k8s.io/sample-controller

replace (
	k8s.io/api => ./staging/src/k8s.io/api
	k8s.io/client-go => ./staging/src/k8s.io/client-go
	k8s.io/sample-cli-plugin => ./staging/src/k8s.io/sample-cli-plugin
)
`;

it('pins every module the go.mod replaces with a local folder to the release, skipping the ones asked', () => {
  assert.deepEqual(localReplacements(goMod, 'v0.37.2', new Set(['k8s.io/sample-cli-plugin', 'k8s.io/sample-controller'])), [
    '\tk8s.io/api => k8s.io/api v0.37.2',
    '\tk8s.io/client-go => k8s.io/client-go v0.37.2',
  ]);
});

it('reads sibling folders (../api), as etcd\'s server module names its own modules', () => {
  const etcd = 'replace (\n\tgo.etcd.io/etcd/api/v3 => ../api\n\tgo.etcd.io/etcd/client/pkg/v3 => ../client/pkg\n)\n';
  assert.deepEqual(localReplacements(etcd, 'v3.7.3'), ['\tgo.etcd.io/etcd/api/v3 => go.etcd.io/etcd/api/v3 v3.7.3', '\tgo.etcd.io/etcd/client/pkg/v3 => go.etcd.io/etcd/client/pkg/v3 v3.7.3']);
});
