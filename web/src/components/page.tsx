import { useEffect, useRef, type ReactNode } from 'react';

/**
 * A page: sets the document title and moves focus to the heading on arrival, so keyboard and
 * screen reader users know the route changed.
 */
export function Page({
  title,
  caption,
  actions,
  children,
}: {
  title: string;
  caption?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} – Care record`;
    heading.current?.focus();
  }, [title]);
  return (
    <>
      <div className="page-head">
        <div>
          {caption && <p className="caption">{caption}</p>}
          <h1 ref={heading} tabIndex={-1}>
            {title}
          </h1>
        </div>
        {actions && <div className="page-actions">{actions}</div>}
      </div>
      {children}
    </>
  );
}
