import { CloseOutlined, KeyOutlined } from '@ant-design/icons';
import { Alert, Button, Space, Upload } from 'antd';
import { useState } from 'react';
import type { PemFile } from './shapes.ts';

const LABEL = { public: 'PUBLIC KEY', private: 'PRIVATE KEY' };

/**
 * A .pem key file chosen with a file input and read as text. A file of the other kind is refused here: above
 * all, an office private key must never be taken along to a surveyor's laptop.
 */
export function PemInput({
  kind,
  value,
  onChange,
  chooseText,
  wrongKindText,
  name,
}: {
  kind: 'public' | 'private';
  value: PemFile | undefined;
  onChange(v: PemFile | undefined): void;
  chooseText: string;
  wrongKindText: string;
  name: string;
}) {
  const [wrong, setWrong] = useState(false);
  const choose = async (file: File) => {
    const pem = await file.text();
    const ok = pem.includes(`-----BEGIN ${LABEL[kind]}-----`);
    setWrong(!ok);
    onChange(ok ? { name: file.name, pem } : undefined);
    return false;
  };
  return (
    <span data-input={name}>
      <Space wrap>
        <Upload accept=".pem,.key,.txt" showUploadList={false} beforeUpload={choose} maxCount={1}>
          <Button icon={<KeyOutlined />}>{value ? value.name : chooseText}</Button>
        </Upload>
        {value && (
          <Button
            type="text"
            icon={<CloseOutlined />}
            aria-label="clear"
            onClick={() => onChange(undefined)}
            data-action={`clear-${name}`}
          />
        )}
      </Space>
      {wrong && <Alert type="error" showIcon style={{ marginTop: 8 }} title={wrongKindText} data-wrong-key={kind} />}
    </span>
  );
}
