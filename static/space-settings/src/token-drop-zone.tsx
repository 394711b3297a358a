/**
 * Where the token file goes: dropped onto the zone, or chosen with its button (keyboard users
 * too). The file is read here, never dumped into a text box: an image or any other file without a
 * token is refused with words that say what it is (token-text.ts).
 */
import { useRef, useState } from 'react';
import Button from '@atlaskit/button/new';
import UploadIcon from '@atlaskit/icon/core/cloud-arrow-up';
import { Stack, Text } from '@atlaskit/primitives/compiled';
import { token } from '@atlaskit/tokens';
import { readTokenFile, type FileReading } from './token-text';

interface Props {
  onRead(reading: FileReading, fileName: string): void;
  /** Reading a file just chosen: the button spins. */
  busy: boolean;
  /** Another way in is being checked (a pasted token). */
  disabled?: boolean;
}

export function TokenDropZone({ onRead, busy, disabled = false }: Props) {
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  // While a token is checked, from here or pasted, the zone takes no other file, as its button does not.
  const closed = disabled || busy;
  const read = async (file: File | undefined) => {
    if (!file) return;
    onRead(readTokenFile(file.name, new Uint8Array(await file.arrayBuffer())), file.name);
  };
  return (
    <div
      className="ss-drop-zone"
      data-dragging={dragging && !closed}
      data-disabled={closed}
      data-testid="token-drop-zone"
      onDragOver={(e) => {
        // Cancelled either way, so a refused file is not opened by the browser in the frame.
        e.preventDefault();
        e.dataTransfer.dropEffect = closed ? 'none' : 'copy';
        setDragging(!closed);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => {
        e.preventDefault();
        setDragging(false);
        if (!closed) void read(e.dataTransfer.files[0]);
      }}
    >
      <Stack space="space.100" alignInline="center">
        <UploadIcon label="" color={token('color.icon.subtle')} />
        <Text weight="medium">Drop the token file here</Text>
        <Text color="color.text.subtle" size="small">
          It ends in .spacesync-token. The other space’s admin downloaded it, or sent it to you.
        </Text>
        <Button onClick={() => input.current?.click()} isLoading={busy} isDisabled={disabled}>
          Choose the token file
        </Button>
      </Stack>
      <input
        id="token-file"
        ref={input}
        type="file"
        accept=".spacesync-token,text/plain"
        aria-label="Token file"
        hidden
        disabled={closed}
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          e.currentTarget.value = '';
          void read(file);
        }}
      />
    </div>
  );
}
