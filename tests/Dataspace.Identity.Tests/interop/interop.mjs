// Cross-checks Dataspace.Identity with independent implementations: did-jwt-vc and did-jwt (VC 1.1 JWT profile,
// DID-bound signatures) and jose (VC 2.0 vc+jwt / vp+jwt). Reads a request file, writes a JSON result to stdout.
//   verify: every credential and presentation the C# side made must verify here (and the tampered ones must not);
//   issue:  makes did:key identities, credentials and presentations in both profiles for the C# side to verify.
import { readFileSync } from 'node:fs';
import { generateKeyPairSync } from 'node:crypto';
import { Resolver } from 'did-resolver';
import KeyResolver from 'key-did-resolver';
import { verifyJWT, ES256Signer, EdDSASigner, decodeJWT } from 'did-jwt';
import { createVerifiableCredentialJwt, createVerifiablePresentationJwt, verifyCredential, verifyPresentation } from 'did-jwt-vc';
import * as jose from 'jose';
import { base58btc } from 'multiformats/bases/base58';

const request = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const VC2 = 'https://www.w3.org/ns/credentials/v2';
const VC1 = 'https://www.w3.org/2018/credentials/v1';
const ENVELOPE = 'data:application/vc+jwt,';

// did:web documents come from the request (did-jwt's web resolver only speaks HTTPS); did:key is resolved by key-did-resolver.
const staticWeb = async (did) => ({
  didResolutionMetadata: request.didDocuments?.[did] ? { contentType: 'application/did+json' } : { error: 'notFound' },
  didDocument: request.didDocuments?.[did] ?? null,
  didDocumentMetadata: {},
});
const resolver = new Resolver({ ...KeyResolver.getResolver(), web: staticWeb });

async function publicJwk(kid, iss) {
  const { didDocument } = await resolver.resolve(iss);
  const vm = didDocument.verificationMethod.find((m) => m.id === kid || (kid?.startsWith('#') && m.id === iss + kid))
    ?? didDocument.verificationMethod[0];
  if (vm.publicKeyJwk) return vm.publicKeyJwk;
  const raw = base58btc.baseDecode(vm.publicKeyBase58);
  return { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(raw).toString('base64url') };
}

// VC 2.0 (VC-JOSE-COSE): signature through did-jwt's DID binding and again through jose, plus the data model's members.
async function verifyVc20(jwt, expectedSubject) {
  await verifyJWT(jwt, { resolver, proofPurpose: 'assertionMethod', policies: { aud: false } });
  const { header } = decodeJWT(jwt);
  if (header.typ !== 'vc+jwt') throw new Error(`typ is ${header.typ}, expected vc+jwt`);
  const { payload } = await jose.jwtVerify(jwt, await jose.importJWK(await publicJwk(header.kid, decodeJWT(jwt).payload.iss), header.alg), { typ: 'vc+jwt' });
  if (payload['@context']?.[0] !== VC2) throw new Error('first @context is not VC 2.0');
  if (!payload.type?.includes('VerifiableCredential')) throw new Error('type lacks VerifiableCredential');
  if ((payload.issuer?.id ?? payload.issuer) !== payload.iss) throw new Error('issuer differs from iss');
  if (expectedSubject && payload.credentialSubject?.id !== expectedSubject) throw new Error('credentialSubject.id is not the holder');
  if (Number.isNaN(Date.parse(payload.validFrom))) throw new Error('validFrom is not a date');
  return payload;
}

async function verifyVp20(jwt, audience) {
  const { header, payload } = decodeJWT(jwt);
  if (header.typ !== 'vp+jwt') throw new Error(`typ is ${header.typ}, expected vp+jwt`);
  await verifyJWT(jwt, { resolver, audience, proofPurpose: 'authentication' });
  await jose.jwtVerify(jwt, await jose.importJWK(await publicJwk(header.kid, payload.iss), header.alg), { typ: 'vp+jwt', audience });
  if (!payload.type?.includes('VerifiablePresentation') || payload.holder !== payload.iss) throw new Error('not a presentation by its iss');
  for (const vc of payload.verifiableCredential) {
    if (vc.type !== 'EnvelopedVerifiableCredential' || !vc.id.startsWith(ENVELOPE)) throw new Error('credential is not an enveloped vc+jwt');
    await verifyVc20(vc.id.slice(ENVELOPE.length), payload.holder);
  }
}

async function check(item) {
  try {
    if (item.kind === 'credential') {
      if (item.profile === 'vc11-sl2021/jwt') await verifyCredential(item.jwt, resolver);
      else await verifyVc20(item.jwt);
    } else if (item.profile === 'vc11-sl2021/jwt') {
      const result = await verifyPresentation(item.jwt, resolver, { audience: item.audience });
      // verifyPresentation checks the presentation's own signature only; each enclosed credential is checked as well.
      for (const vcJwt of decodeJWT(item.jwt).payload.vp.verifiableCredential) {
        const vc = await verifyCredential(vcJwt, resolver);
        if (vc.verifiableCredential.credentialSubject.id !== result.issuer) throw new Error('credential subject is not the presenter');
      }
    } else {
      await verifyVp20(item.jwt, item.audience);
    }
    return { ok: true };
  } catch (e) {
    return { ok: false, error: String(e?.message ?? e) };
  }
}

function didKey(publicJwk) {
  const x = Buffer.from(publicJwk.x, 'base64url');
  const bytes = publicJwk.crv === 'Ed25519'
    ? Buffer.concat([Buffer.from([0xed, 0x01]), x])
    : Buffer.concat([Buffer.from([0x80, 0x24, Buffer.from(publicJwk.y, 'base64url').at(-1) % 2 === 0 ? 0x02 : 0x03]), x]);
  return 'did:key:' + base58btc.encode(bytes);
}

function identity(alg) {
  const { privateKey, publicKey } = alg === 'EdDSA'
    ? generateKeyPairSync('ed25519')
    : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = privateKey.export({ format: 'jwk' });
  const did = didKey(publicKey.export({ format: 'jwk' }));
  const d = Buffer.from(jwk.d, 'base64url');
  return { did, kid: `${did}#${did.slice('did:key:'.length)}`, alg, privateKey, signer: alg === 'EdDSA' ? EdDSASigner(d) : ES256Signer(d) };
}

async function issue(alg, profile, audience) {
  const issuer = identity(alg);
  const holder = identity(alg);
  const now = Math.floor(Date.now() / 1000);
  const claims = { id: holder.did, memberOf: 'city-dataspace', industry: 'finance' };
  let vc, vp;
  if (profile === 'vc11-sl2021/jwt') {
    // did-jwt-vc writes no kid unless told: leave it out for EdDSA so the verifier's kid-less path is exercised.
    const header = alg === 'ES256' ? { kid: issuer.kid } : {};
    vc = await createVerifiableCredentialJwt({
      sub: holder.did, nbf: now - 60, exp: now + 3600, jti: `urn:uuid:${crypto.randomUUID()}`,
      vc: { '@context': [VC1], type: ['VerifiableCredential', 'MembershipCredential'], credentialSubject: claims },
    }, { did: issuer.did, signer: issuer.signer, alg }, { header });
    vp = await createVerifiablePresentationJwt({
      aud: audience, nbf: now - 60, exp: now + 300,
      vp: { '@context': [VC1], type: ['VerifiablePresentation'], verifiableCredential: [vc] },
    }, { did: holder.did, signer: holder.signer, alg }, { header: { kid: holder.kid } });
  } else {
    vc = await new jose.SignJWT({
      '@context': [VC2], id: `urn:uuid:${crypto.randomUUID()}`, type: ['VerifiableCredential', 'MembershipCredential'],
      issuer: issuer.did, validFrom: new Date((now - 60) * 1000).toISOString(), credentialSubject: claims,
    }).setProtectedHeader({ alg, typ: 'vc+jwt', kid: issuer.kid }).setIssuer(issuer.did).setSubject(holder.did)
      .setIssuedAt(now - 60).setExpirationTime(now + 3600).sign(issuer.privateKey);
    vp = await new jose.SignJWT({
      '@context': [VC2], type: ['VerifiablePresentation'], holder: holder.did,
      verifiableCredential: [{ '@context': [VC2], type: 'EnvelopedVerifiableCredential', id: ENVELOPE + vc }],
    }).setProtectedHeader({ alg, typ: 'vp+jwt', kid: holder.kid }).setIssuer(holder.did).setAudience(audience)
      .setIssuedAt(now).setExpirationTime(now + 300).setJti(crypto.randomUUID()).sign(holder.privateKey);
  }
  return { name: `${alg} ${profile}`, alg, profile, issuer: issuer.did, holder: holder.did, vc, vp };
}

const verified = {};
for (const item of request.verify ?? []) verified[item.name] = await check(item);
const issued = [];
for (const alg of ['ES256', 'EdDSA']) {
  for (const profile of ['vc20-bssl/jwt', 'vc11-sl2021/jwt']) issued.push(await issue(alg, profile, request.audience));
}
process.stdout.write(JSON.stringify({ verified, issued }));
