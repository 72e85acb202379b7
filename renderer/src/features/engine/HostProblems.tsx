import { useState } from 'react';
import type { HostProblem } from '../../../../engine/contract/dto';
import { Button } from '../../ui/Button';
import { CopyButton } from '../../ui/CopyButton';
import { useEngine } from './engine-store';

/**
 * What stops a mode here, each with its fix: the one command to copy, and,
 * where pkexec is here, a button that has the engine run exactly that fix
 * (pkexec asks for the administrator password).
 */
export function HostProblems({ problems }: { problems: readonly HostProblem[] }) {
  const fixHost = useEngine((s) => s.fixHost);
  const [running, setRunning] = useState<string>();
  const [failure, setFailure] = useState<string>();
  const run = async (p: HostProblem) => {
    if (!p.fixId) return;
    setRunning(p.fixId);
    setFailure(undefined);
    const error = await fixHost(p.fixId);
    setRunning(undefined);
    setFailure(error);
  };
  return (
    <>
      {problems.map((p) => (
        <span key={p.problem} className="mode-problem">
          {p.problem} <em>Fix:</em> {p.fix}
          {p.command && (
            <span className="copy-row">
              <code>{p.command}</code>
              <CopyButton text={p.command} label={`Copy the command: ${p.command}`} />
              {p.fixId && (
                <Button
                  busy={running === p.fixId}
                  disabled={!!running}
                  onClick={() => void run(p)}
                  title="Runs this command through pkexec, which asks for your password"
                >
                  Fix it (asks for your password)
                </Button>
              )}
            </span>
          )}
        </span>
      ))}
      {failure && (
        <span className="mode-problem" role="alert">
          {failure}
        </span>
      )}
    </>
  );
}
