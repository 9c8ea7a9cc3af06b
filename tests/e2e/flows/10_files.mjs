// Files: an upload through the API (multipart) and its download byte for byte with
// the safe headers; a script renamed .pdf is refused; then the shared FileUpload
// component on /files uploads a PDF, shows its link, and shows the refusal of an
// HTML page renamed .pdf.
import { createHash } from 'node:crypto';

const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
);

async function upload(ctx, name, buffer, mimeType = 'application/pdf') {
  const { page, BASE } = ctx;
  const me = await page.request.get(`${BASE}/api/v1/auth/me`);
  const csrf = (await me.json()).csrf_token;
  const res = await page.request.post(`${BASE}/api/v1/files`, {
    multipart: { file: { name, mimeType, buffer } },
    headers: { 'X-CSRF-Token': csrf || '', Origin: BASE },
  });
  let json = null;
  try {
    json = await res.json();
  } catch {
    // not JSON
  }
  return { status: res.status(), json };
}

export default async function files(ctx) {
  const { page, step, assert, byTestId, BASE } = ctx;

  await step(page, 'files-api-roundtrip', async () => {
    const up = await upload(ctx, '入驻协议-e2e.pdf', PDF);
    assert(up.status === 201, `upload: ${up.status} ${JSON.stringify(up.json)}`);
    const sha = createHash('sha256').update(PDF).digest('hex');
    assert(up.json.sha256 === sha, 'SHA-256 of the upload');
    assert(up.json.mime === 'application/pdf', `mime ${up.json.mime}`);
    const dl = await page.request.get(`${BASE}/api/v1/files/${up.json.id}/content`);
    assert(dl.status() === 200, `download: ${dl.status()}`);
    const body = await dl.body();
    assert(createHash('sha256').update(body).digest('hex') === sha, 'downloaded bytes');
    const h = dl.headers();
    assert(h['content-disposition'].startsWith('attachment;'), h['content-disposition']);
    assert(h['content-disposition'].includes("filename*=UTF-8''"), 'RFC 5987 name');
    assert(h['x-content-type-options'] === 'nosniff', 'nosniff');
    assert((h['content-security-policy'] || '').includes('sandbox'), 'sandbox CSP');
    const script = await upload(ctx, 'run.pdf', Buffer.from('#!/bin/sh\necho owned\n'));
    assert(script.status === 422, `script renamed .pdf: ${script.status}`);
    assert(script.json.error.field === 'file', 'error field file');
  });

  await step(page, 'files-component-upload', async () => {
    await page.goto(`${BASE}/files`);
    await byTestId(page, 'files-table').waitFor({ state: 'visible' });
    await byTestId(page, 'files-upload-input').setInputFiles({
      name: '年度工作报告.pdf',
      mimeType: 'application/pdf',
      buffer: PDF,
    });
    const link = byTestId(page, 'files-upload-link');
    await link.waitFor({ state: 'visible' });
    assert((await link.innerText()).includes('年度工作报告.pdf'), 'uploaded name shown');
    const href = await link.getAttribute('href');
    assert(/^\/api\/v1\/files\/\d+\/content$/.test(href), `download href ${href}`);
    await page
      .locator('[data-testid="files-row-link"]', { hasText: '年度工作报告.pdf' })
      .first()
      .waitFor({ state: 'visible' });
    await byTestId(page, 'files-upload-input').setInputFiles({
      name: 'page.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('<html><body><script>alert(1)</script></body></html>'),
    });
    const err = byTestId(page, 'files-upload-error');
    await err.waitFor({ state: 'visible' });
    assert((await err.innerText()).includes('HTML'), `error names HTML: ${await err.innerText()}`);
    await page.goto(`${BASE}/home`);
  });
}
