// The certificates a throwaway Kubernetes control plane on 127.0.0.1 needs, made with openssl:
// a CA, one serving certificate for every component, an admin client in system:masters, and the
// key pair that signs service-account tokens. Valid for a day; EC keys, as they are quick to make.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface KubeCertificates {
  readonly caCert: string;
  readonly caKey: string;
  /** SAN IP:127.0.0.1 and localhost: the API server, controller-manager and scheduler serve with it. */
  readonly servingCert: string;
  readonly servingKey: string;
  /** CN=shine-test-admin, O=system:masters: everything is allowed, by RBAC's own rule. */
  readonly adminCert: string;
  readonly adminKey: string;
  readonly serviceAccountKey: string;
  readonly serviceAccountPublicKey: string;
}

const openssl = (dir: string, ...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });

function newKey(dir: string, name: string): string {
  openssl(dir, 'genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-out', name);
  return join(dir, name);
}

function signed(dir: string, name: string, subject: string, extensions: string): string {
  const key = newKey(dir, `${name}.key`);
  openssl(dir, 'req', '-new', '-key', key, '-subj', subject, '-out', `${name}.csr`);
  writeFileSync(join(dir, `${name}.ext`), extensions);
  openssl(dir, 'x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '1', '-extfile', `${name}.ext`, '-out', `${name}.crt`);
  return join(dir, `${name}.crt`);
}

/** Writes every certificate and key into `dir` and returns their paths. */
export function makeKubeCertificates(dir: string): KubeCertificates {
  const caKey = newKey(dir, 'ca.key');
  openssl(dir, 'req', '-x509', '-new', '-key', caKey, '-subj', '/CN=shine-test-ca', '-days', '1', '-out', 'ca.crt');
  const servingCert = signed(dir, 'serving', '/CN=kube-apiserver', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  const adminCert = signed(dir, 'admin', '/O=system:masters/CN=shine-test-admin', 'extendedKeyUsage=clientAuth\n');
  const serviceAccountKey = newKey(dir, 'service-account.key');
  openssl(dir, 'pkey', '-in', serviceAccountKey, '-pubout', '-out', 'service-account.pub');
  return {
    caCert: join(dir, 'ca.crt'),
    caKey,
    servingCert,
    servingKey: join(dir, 'serving.key'),
    adminCert,
    adminKey: join(dir, 'admin.key'),
    serviceAccountKey,
    serviceAccountPublicKey: join(dir, 'service-account.pub'),
  };
}
